"""Published decision pages → new decision records (``decision-press import``).

A body that adopts Decision Press already has an archive of published pages. Importing
runs in three steps, each its own module:

- a **reader** turns one input format into a neutral :class:`~.parsed.ParsedDecision`
  (:mod:`.text_reader` reads the text of a published page; a reader of saved HTML pages or
  of a CMS export would be another module with the same :class:`~.readers.Reader` shape);
- :mod:`.metadata` reads what the pages do not say (dates, the decision maker's name,
  topics) from a CSV a body can export from its current system;
- :mod:`.writer` turns a parsed decision and its metadata into the text of a record file,
  never overwriting, and :mod:`.run` does this for every page and reports on each.
"""
