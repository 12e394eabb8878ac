"""Banks in and out: exports to other learning tools and imports from them, one module per format.

Exports (``quizkit export``) read banks through :mod:`quizkit.bank.pipeline` and write GIFT for
Moodle (:mod:`.gift`), an IMS QTI 2.1 content package for Moodle, Canvas and other platforms
(:mod:`.qti`), an Anki deck (:mod:`.anki`), a spreadsheet (:mod:`.table`) and a printable paper in
Markdown or HTML (:mod:`.paper`). Imports (``quizkit import``) read GIFT (:mod:`.giftread`) and QTI
packages (:mod:`.qtiread`) into a :class:`~quizkit.interop.draft.DraftBank`, written out as a bank
whose gaps are marked TEMPLATE and whose every unrepresentable question is reported.

What a format cannot carry natively (the citation, quizkit's ids and metadata) travels in the
documented forms of :mod:`.carry`, so that bank → GIFT → bank and bank → QTI → bank lose nothing.
Nothing here imports Textual.
"""
