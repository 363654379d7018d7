"""A pyHanko signer that signs with the private key already decrypted from the identity file.

pyHanko's ``SimpleSigner`` keeps the key as DER and parses it again for every raw signature
(a signed pack takes two: one to size the signature's placeholder, one for real). Parsing
an RSA key validates it, which costs about as much as laying out 20 pages; the key object
:func:`exports.identity.open_identity` decrypted is reused instead. It stays in memory
only, like the DER copy pyHanko holds.
"""

from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from pyhanko.sign.signers import SimpleSigner
from pyhanko_certvalidator.util import get_pyca_cryptography_hash, process_pss_params


class LoadedKeySigner(SimpleSigner):
    """A ``SimpleSigner`` that keeps the parsed private key for every signature it makes."""

    def __init__(self, *, private_key: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._private_key = private_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        """Sign ``data`` as pyHanko's ``SimpleSigner`` does, with the key already parsed."""
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            name = mechanism.signature_algo
        except ValueError:
            name = mechanism["algorithm"].native
        key = self._private_key
        if isinstance(key, rsa.RSAPrivateKey) and name == "rsassa_pkcs1v15":
            return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        if isinstance(key, rsa.RSAPrivateKey) and name == "rsassa_pss":
            padding, hash_algorithm = process_pss_params(mechanism["parameters"])
            return key.sign(data, padding, hash_algorithm)
        if isinstance(key, ec.EllipticCurvePrivateKey) and name == "ecdsa":
            return key.sign(data, ec.ECDSA(get_pyca_cryptography_hash(digest_algorithm)))
        if isinstance(key, ed25519.Ed25519PrivateKey | ed448.Ed448PrivateKey) and name in (
            "ed25519",
            "ed448",
        ):
            return key.sign(data)
        return super().sign_raw(data, digest_algorithm)
