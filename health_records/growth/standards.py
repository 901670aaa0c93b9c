"""The growth standards the engine evaluates against, named with their edition and source.

Every z-score and every classification the engine returns carries one of these, so a screen or
a report can always say which standard produced a number or a class. WHO 2006 and WS/T 423—2022
disagree on real children (a boy of 12 months weighing 8.0 kg has a WHO weight-for-age z of
−1.70, not underweight, but is 低体重 by WS/T 423—2022, whose −2 SD weight is 8.2 kg).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Standard:
    """A growth standard: a stable ``code``, its name, edition and where its numbers come from."""

    code: str
    name_en: str
    name_zh: str
    edition: str
    source: str = field(repr=False)

    def __str__(self) -> str:
        return f"{self.name_en} ({self.edition})"


WHO_2006 = Standard(
    code="who_2006",
    name_en="WHO Child Growth Standards",
    name_zh="世界卫生组织儿童生长标准",
    edition="2006",
    source=(
        "WHO Multicentre Growth Reference Study Group. WHO Child Growth Standards: "
        "Length/height-for-age, weight-for-age, weight-for-length, weight-for-height and body "
        "mass index-for-age: Methods and development. Geneva: WHO, 2006; and Head "
        "circumference-for-age ...: Methods and development. Geneva: WHO, 2007. LMS tables as "
        "published in WorldHealthOrganization/anthro at commit "
        "b776d8a12b1c97369c748b561159fd2ec4f4db58 (data-raw/growthstandards/)."
    ),
)

WS_T_423_2022 = Standard(
    code="ws_t_423_2022",
    name_en="WS/T 423—2022 Growth standard for children under 7 years of age",
    name_zh="WS/T 423—2022 7岁以下儿童生长标准",
    edition="2022",
    source=(
        "National Health Commission of the People's Republic of China, WS/T 423—2022, "
        "published 2022-09-19 (国卫通〔2022〕8号), in force 2023-03-01, replacing WS/T 423—2013. "
        "Appendix A (percentile values) and Appendix B (SD values), printed to 0.1."
    ),
)
