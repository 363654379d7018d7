"""Exports: the signed PDF evidence pack, offline verification, reviewer identities, and the
answers as XLSX or JSON. No Qt here; the GUI and ``ddq`` call the same functions.

API for callers (the GUI runs the generator off the GUI thread with its progress wrapper):

- ``exports.identity``: ``configured_identity(data_dir) -> Identity | None``,
  ``create_identity(data_dir, name, passphrase, *, organisation="", email="", replace=False)``,
  ``import_identity(data_dir, p12_path, passphrase, *, replace=False)``,
  ``open_identity(p12_path, passphrase) -> SigningIdentity`` (raises ``UserError`` on a wrong
  passphrase; call it before exporting so nothing is written when it fails).
- ``exports.pack``: ``build_pack(database, review_id, out_path, *, signer=None,
  unsigned=False, now=None) -> Iterator[ExportProgress]`` (``done``, ``total``, ``stage``;
  the last step's ``result`` is a ``PackResult``), and ``export_pack(...)`` that runs it.
- ``exports.verify``: ``verify_pack(path, trust_cert=None) -> VerificationReport`` with
  ``intact``, ``valid``, ``trusted``, ``signer``, ``signing_time``,
  ``modified_after_signing``, ``summary`` lines and ``exit_code`` (0 valid, 1 tampered or
  invalid, 2 unsigned).
- ``exports.answers_xlsx.write_answers_xlsx(database, review_id, path) -> int`` and
  ``exports.answers_json.write_answers_json(database, review_id, path) -> int``.

Every function raises ``models.errors.UserError`` for bad input and writes files atomically.
"""
