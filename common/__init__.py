"""
Helpers with no domain, below every app: slugs, text cleaning, absolute links,
HTML sanitising, pagination and batching work until commit. Nothing here
imports an app of the project.
"""
