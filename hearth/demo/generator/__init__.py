"""The synthetic borough generator: small functions per pathway, driven by one seeded
`random.Random` and a fixed reference date, so the same seed and date give the same borough.

`build()` runs the pathways in order; later issues add theirs (front door, assessments, child
protection, children in care...) as modules beside these and call them from `build()`.
"""

from hearth.demo.generator.build import BuildResult, build

__all__ = ["BuildResult", "build"]
