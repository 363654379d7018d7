"""The knowledge base: vendors, claims with their sources and conditions, annotations,
phrasings, the ``ddq-kb`` file format with its import and export, and the bundled seed.
"""
