"""Renderers: each turns a Memo and a template set into the bytes of one format."""
