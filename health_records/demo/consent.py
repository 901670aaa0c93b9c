"""Demo consent policy (v1) and every demo guardian's consent to it.

The text is an example a centre would adapt with its legal adviser; it names what is kept, why,
who sees it, for how long, and the guardian's rights under PIPL (2021) art. 28–31, 44–47.
"""

from __future__ import annotations

import datetime as dt

from health_records.models import Centre, ConsentPolicy, Guardianship
from health_records.services.consent import consent_give

TEXT_ZH = """本托育中心由妇幼保健院举办，为保障婴幼儿健康，需要记录和使用您孩子的以下个人信息：身份信息（姓名、性别、出生日期、出生胎龄）、健康信息（晨午晚检、体格测量与生长评价、健康检查、症状、用药、伤害）以及一日生活记录（出勤、进食、饮奶、饮水、睡眠、如厕、情绪）。

根据《中华人民共和国个人信息保护法》，不满十四周岁未成年人的个人信息属于敏感个人信息，处理前须取得其父母或其他监护人的单独同意。

用途：保健医、护士和保育员开展日常照护与健康管理；孩子出现异常时及时通知医护团队和您；按国家托育机构卫生保健要求保存记录。
查看范围：仅本中心在岗工作人员可查看与其工作相关的信息；您只能查看自己孩子的信息。每一次查看都会被记录。
保存期限：离托后按卫生保健档案管理要求保存，期满后删除或匿名化。
您的权利：您可以随时查阅本同意书和孩子的记录，可以撤回同意。撤回后，中心将无法继续为孩子建立新的健康记录。"""

TEXT_EN = """This childcare centre is run by a Maternal and Child Health hospital. To keep your child healthy it records and uses the following personal information: identity (name, sex, birth date, gestational age at birth), health information (daily health checks, growth measurements and their evaluation, health examinations, symptoms, medication, injuries) and the daily care record (attendance, meals, milk, water, sleep, toileting, mood).

Under China's Personal Information Protection Law, the personal information of a child under 14 is sensitive personal information and may be processed only with the separate consent of a parent or guardian.

Purpose: daily care and health management by the centre doctor, nurses and caregivers; alerting the medical team and you when something is wrong; keeping the records the national childcare health rules require.
Who sees it: only the centre's staff, for their own work; you see only your own child's information. Every view is logged.
How long: after your child leaves, as long as the health-record rules require; then deleted or anonymised.
Your rights: you may read this consent and your child's records at any time and withdraw your consent. After withdrawal the centre can no longer keep new health records for your child."""


def seed_consent(centre: Centre, today: dt.date) -> ConsentPolicy:
    """Publish policy v1 (effective 2025-01-01) if absent and record each demo guardian's
    consent for each of their children. Idempotent (``consent_give`` returns existing consent)."""
    policy, _created = ConsentPolicy.objects.get_or_create(
        version="1.0",
        defaults={
            "effective_from": dt.date(2025, 1, 1),
            "title_zh": "婴幼儿个人信息处理单独同意书",
            "title_en": "Separate consent to processing your child's personal information",
            "text_zh": TEXT_ZH,
            "text_en": TEXT_EN,
        },
    )
    links = Guardianship.objects.filter(child__centre=centre).select_related(
        "user", "child__centre"
    )
    for link in links:
        consent_give(guardian=link.user, child=link.child, policy=policy)
    return policy
