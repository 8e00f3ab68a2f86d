"""
No admin screens: an autosave is its user's alone (docs/editing.md), shown only
on their own story form, so not in a list anyone else could open.
"""
