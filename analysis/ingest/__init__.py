"""Bytes to articles: decoding, sanitising, file formats, page blocks and page metadata.

No NLP model and nothing above this stage is imported here.
"""
