"""Ingest of partner and wire feeds (RSS, Atom with Media RSS, ninjs) into draft stories."""
