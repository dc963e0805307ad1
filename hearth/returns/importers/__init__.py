"""Import an authority's legacy statutory returns into Hearth
(docs/how-to/import-legacy-returns.md).

`problems` is the report (file, element or line, field, reason), `cin` loads a CIN census XML
file: people, CIN episodes, assessments with factors, section 47 enquiries, initial and
review conferences, child protection plans and CIN plans; `ssda903` (with `oc3` and
`sw_episodes`) loads an SSDA903 return's CSV files. All or nothing: any problem and nothing is
written. Records are matched by the child's LA child ID and each record's own dates, so
importing the same file again changes nothing. `checking` checks each imported record's own
rules (full_clean) fast enough for thousands of records; `samples` makes a pair of returns
sharing child IDs for any number of children (the pair import's test and bench).
"""
