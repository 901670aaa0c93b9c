"""English and Chinese labels for every code the engine returns, in one place.

The app shows these (or its own translations keyed by the same codes). WHO and WS/T 423—2022
share codes where the concept is the same; which standard produced a class is carried by the
classification itself, and the label should be shown with the standard's name.
"""

from __future__ import annotations

from .codes import ClassCode, GrowthLevel, NoScoreReason

CLASS_LABELS: dict[ClassCode, tuple[str, str]] = {
    ClassCode.NORMAL: ("Normal", "正常"),
    ClassCode.UNDERWEIGHT: ("Underweight", "低体重"),
    ClassCode.SEVERE_UNDERWEIGHT: ("Severely underweight", "重度低体重"),
    ClassCode.STUNTING: ("Stunted", "生长迟缓"),
    ClassCode.SEVERE_STUNTING: ("Severely stunted", "重度生长迟缓"),
    ClassCode.WASTING: ("Wasted", "消瘦"),
    ClassCode.SEVERE_WASTING: ("Severely wasted", "重度消瘦"),
    ClassCode.POSSIBLE_RISK_OF_OVERWEIGHT: ("Possible risk of overweight", "有超重风险"),
    ClassCode.OVERWEIGHT: ("Overweight", "超重"),
    ClassCode.OBESITY: ("Obese", "肥胖"),
    ClassCode.SEVERE_OBESITY: ("Severely obese", "重度肥胖"),
    ClassCode.MICROCEPHALY: ("Microcephaly", "小头畸形"),
    ClassCode.MACROCEPHALY: ("Macrocephaly", "巨头畸形"),
    ClassCode.IMPLAUSIBLE: ("Implausible value: check the measurement", "数值不合理，请复核测量"),
}

LEVEL_LABELS: dict[GrowthLevel, tuple[str, str]] = {
    GrowthLevel.UPPER: ("Upper", "上"),
    GrowthLevel.UPPER_MIDDLE: ("Upper middle", "中上"),
    GrowthLevel.MIDDLE: ("Middle", "中"),
    GrowthLevel.LOWER_MIDDLE: ("Lower middle", "中下"),
    GrowthLevel.LOWER: ("Lower", "下"),
}

REASON_LABELS: dict[NoScoreReason, tuple[str, str]] = {
    NoScoreReason.NOT_MEASURED: ("not measured", "未测量"),
    NoScoreReason.MISSING_AGE: ("age unknown", "年龄未知"),
    NoScoreReason.AGE_ABOVE_RANGE: (
        "age above the range of the standard",
        "年龄超出标准范围",
    ),
    NoScoreReason.BEFORE_TERM_EQUIVALENT_AGE: (
        "preterm child before term-equivalent age: the standards start at term birth",
        "早产儿未达足月矫正年龄，标准自足月出生起适用",
    ),
    NoScoreReason.OEDEMA: (
        "oedema: weight-based indicators are not evaluated",
        "有水肿，不评价与体重相关的指标",
    ),
    NoScoreReason.LENGTH_BELOW_RANGE: ("length below the reference range", "身长低于标准范围"),
    NoScoreReason.LENGTH_ABOVE_RANGE: ("length above the reference range", "身长高于标准范围"),
    NoScoreReason.HEIGHT_BELOW_RANGE: ("height below the reference range", "身高低于标准范围"),
    NoScoreReason.HEIGHT_ABOVE_RANGE: ("height above the reference range", "身高高于标准范围"),
}


def label(code: ClassCode | GrowthLevel | NoScoreReason, language: str = "en") -> str:
    """The label of ``code`` in ``language`` (``"en"`` or ``"zh"``).

    Raises:
        KeyError: for a language other than en/zh.
    """
    index = {"en": 0, "zh": 1}[language]
    if isinstance(code, ClassCode):
        return CLASS_LABELS[code][index]
    if isinstance(code, GrowthLevel):
        return LEVEL_LABELS[code][index]
    return REASON_LABELS[code][index]
