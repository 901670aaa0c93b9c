"""``manage.py seed_demo``: a demo centre modelled on a district MCH hospital's on-site centre.

Idempotent: a second run finds the centre and changes nothing. Names are generated (no real
people); birth dates are relative to today so the children are always 6–36 months old on the day
the demo is first seeded. Later issues add their past data here, each step idempotent on its own.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from health_records.demo.alerts import seed_alerts
from health_records.demo.care import seed_care
from health_records.demo.consent import seed_consent
from health_records.demo.growth import seed_growth
from health_records.models import (
    CarePlan,
    Centre,
    Child,
    ClassType,
    GuardianRelationship,
    Sex,
    StaffRole,
)
from health_records.models.centre import Classroom
from health_records.services.centre import (
    centre_create,
    child_enrol,
    classroom_create,
    guardianship_add,
    staff_membership_add,
)

DEMO_CENTRE = "示范区妇幼保健院托育中心"
DEMO_OPERATOR = "示范区妇幼保健院"
DEMO_PASSWORD = "medcare-demo"  # noqa: S105 - printed demo login, demo database only
SEED = 20261129

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
    "许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
BOY_CHARS = "浩宇轩然子涵博文杰俊泽睿航辰逸晨明天佑嘉豪一鸣昊霖铭阳煜晟瑞安宸"
GIRL_CHARS = "梓萱欣怡诗涵雨桐可馨思琪佳悦若曦语嫣梦瑶一诺芷若晓彤雅静紫琳心妍"

# (name, class type, capacity, number of children, age range in days)
CLASSROOMS = [
    ("乳儿班", ClassType.INFANT, 10, 10, (190, 360)),
    ("托小班", ClassType.YOUNG_TODDLER, 15, 15, (370, 725)),
    ("托大班", ClassType.OLDER_TODDLER, 20, 20, (735, 1090)),
]
# (username, family, given, role, classroom index or None)
STAFF = [
    ("director", "周", "敏", StaffRole.DIRECTOR, None),
    ("doctor", "陈", "立华", StaffRole.DOCTOR, None),
    ("nurse1", "王", "芳", StaffRole.NURSE, None),
    ("nurse2", "刘", "静", StaffRole.NURSE, None),
    ("caregiver1", "李", "娜", StaffRole.CAREGIVER, 0),
    ("caregiver2", "赵", "丽", StaffRole.CAREGIVER, 0),
    ("caregiver3", "孙", "燕", StaffRole.CAREGIVER, 1),
    ("caregiver4", "马", "红", StaffRole.CAREGIVER, 1),
    ("caregiver5", "杨", "洁", StaffRole.CAREGIVER, 2),
    ("caregiver6", "黄", "霞", StaffRole.CAREGIVER, 2),
]
PRETERM = {3: (32, 3), 17: (34, 0), 29: (35, 5), 40: (30, 6)}
"""Child index → gestational age (weeks, days): a few preterm births among the 45."""

DEMO_LOGINS = [
    ("director", "centre director / 园长"),
    ("doctor", "centre doctor / 保健医"),
    ("nurse1", "nurse / 护士"),
    ("caregiver1", "caregiver, 乳儿班 / 保育员"),
    ("caregiver5", "caregiver, 托大班 / 保育员"),
    ("parent01", "parent of two children / 家长（两个孩子）"),
    ("parent02", "parent / 家长"),
]


def _given_name(rng: random.Random, sex: str) -> str:
    chars = BOY_CHARS if sex == Sex.MALE else GIRL_CHARS
    return "".join(rng.sample(chars, rng.choice((1, 2, 2))))


class Command(BaseCommand):
    help = "Seed an idempotent demo centre (three classrooms, 45 children, staff, guardians)."

    def handle(self, *args: Any, **options: Any) -> None:
        if Centre.objects.filter(name=DEMO_CENTRE).exists():
            self.stdout.write("Demo centre already present; nothing added.")
        else:
            with transaction.atomic():
                self._seed_centre()
            self.stdout.write(self.style.SUCCESS("Demo centre seeded."))
        seed_consent(Centre.objects.get(name=DEMO_CENTRE), timezone.localdate())
        seed_care(Centre.objects.get(name=DEMO_CENTRE), timezone.localdate(), random.Random(SEED))  # noqa: S311
        seed_growth(Centre.objects.get(name=DEMO_CENTRE), timezone.localdate(), random.Random(SEED))  # noqa: S311
        seed_alerts(Centre.objects.get(name=DEMO_CENTRE), timezone.localdate(), random.Random(SEED))  # noqa: S311
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, what in DEMO_LOGINS:
            self.stdout.write(f"  {username:<12} {what}")

    def _user(self, username: str, family: str, given: str) -> Any:
        # One hash for every demo account: hashing 55 passwords one by one takes half a minute.
        if not hasattr(self, "_password_hash"):
            self._password_hash = make_password(DEMO_PASSWORD)
        user = get_user_model()(
            username=username, first_name=given, last_name=family, password=self._password_hash
        )
        user.save()
        return user

    def _seed_centre(self) -> None:
        rng = random.Random(SEED)  # noqa: S311 - demo data, not security
        today = timezone.localdate()
        centre = centre_create(
            name=DEMO_CENTRE,
            operator=DEMO_OPERATOR,
            capacity=60,
            address="示范区健康路1号",
            time_zone="Asia/Shanghai",
        )
        rooms: list[Classroom] = [
            classroom_create(centre=centre, name=name, class_type=ctype, capacity=cap)
            for name, ctype, cap, _n, _ages in CLASSROOMS
        ]
        for username, family, given, role, room_index in STAFF:
            user = self._user(username, family, given)
            staff_membership_add(
                user=user,
                centre=centre,
                role=role,
                classrooms=[rooms[room_index]] if room_index is not None else None,
            )
        children: list[Child] = []
        used: set[str] = set()
        for room, (_name, _ctype, _cap, count, (lo, hi)) in zip(rooms, CLASSROOMS, strict=True):
            for _ in range(count):
                sex = rng.choice((Sex.MALE, Sex.FEMALE))
                family = rng.choice(SURNAMES)
                given = _given_name(rng, sex)
                while family + given in used:
                    given = _given_name(rng, sex)
                used.add(family + given)
                birth = today - dt.timedelta(days=rng.randint(lo, hi))
                earliest = birth + dt.timedelta(days=183)
                enrolled = earliest + dt.timedelta(
                    days=rng.randint(0, max((today - earliest).days, 0))
                )
                ga = PRETERM.get(len(children))
                children.append(
                    child_enrol(
                        centre=centre,
                        classroom=room,
                        family_name=family,
                        given_name=given,
                        sex=sex,
                        birth_date=birth,
                        enrolled_on=min(enrolled, today),
                        care_plan=rng.choices(
                            [
                                CarePlan.FULL_DAY,
                                CarePlan.HALF_DAY,
                                CarePlan.TEMPORARY,
                                CarePlan.HOURLY,
                            ],
                            weights=[80, 12, 5, 3],
                        )[0],
                        gestational_age_weeks=ga[0] if ga else rng.choice((None, 38, 39, 40)),
                        gestational_age_days=ga[1] if ga else 0,
                        allergies=rng.choices(
                            ["", "鸡蛋", "牛奶蛋白", "花生"], weights=[85, 6, 6, 3]
                        )[0],
                    )
                )
        for index, child in enumerate(children, start=1):
            # The last child is parent01's second child: its own account is the father's.
            father = index == len(children)
            parent = self._user(
                f"parent{index:02d}", child.family_name, "爸爸" if father else "妈妈"
            )
            guardianship_add(
                user=parent,
                child=child,
                relationship=GuardianRelationship.FATHER if father else GuardianRelationship.MOTHER,
                phone=f"1380000{index:04d}",
                is_primary=True,
            )
        # parent01 (the mother) has a second child in the older toddler class (siblings).
        sibling = children[-1]
        guardianship_add(
            user=get_user_model().objects.get(username="parent01"),
            child=sibling,
            relationship=GuardianRelationship.MOTHER,
        )
