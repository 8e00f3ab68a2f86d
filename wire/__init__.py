"""
Wire copy: agency text in, a draft story and suggested people and quotes out.

``parse`` turns plain text or an IPTC ninjs document into a ``WireDraft``;
``suggest`` reads any story's paragraphs and proposes its people (``names``) and
quotations (``quotes``), with word lists in ``vocabulary``;
``importing`` writes drafts and accepted suggestions to the database; ``admin``
is the editors' screens, which the story admin links to.

The app builds on ``articles`` and ``people``; neither of them imports it.
"""
