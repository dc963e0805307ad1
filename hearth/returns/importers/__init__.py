"""Import an authority's legacy statutory returns into Hearth
(docs/how-to/import-legacy-returns.md).

`problems` is the report (file, element or line, field, reason), `cin` loads a CIN census XML
file: people, CIN episodes, assessments with factors, section 47 enquiries, initial and
review conferences, child protection plans and CIN plans. All or nothing: any problem and
nothing is written. Records are matched by the child's LA child ID and each record's own
dates, so importing the same file again changes nothing.
"""
