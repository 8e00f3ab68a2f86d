"""
Image handling with no newsroom domain in it: upload validation and renditions.

Both ``articles`` and ``people`` build on it; it imports neither.
"""
