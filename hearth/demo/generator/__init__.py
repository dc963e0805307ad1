"""The synthetic borough generator: small functions per pathway, driven by one seeded
`random.Random` and a fixed reference date, so the same seed and date give the same borough.

`build()` writes the families, staff, allocations and case notes, then runs every pathway in
`pathways.PATHWAYS` in order (the extension point: a new pathway is one line there).
"""

from hearth.demo.generator.build import BuildResult, build

__all__ = ["BuildResult", "build"]
