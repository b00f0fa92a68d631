"""Fictional municipalities and the ~300 education organizations of generated protocols.

The pool is built once, deterministically, so school facets over 100k generated protocols are
realistic: a few municipalities, each with its authority, methodical centre, schools, gymnasiums,
lyceums, kindergartens and additional-education centres, every one with the spellings protocols
use for it ("МБОУ «СОШ № 5»", "МБОУ СОШ №5", the full name in the nominative or genitive).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

OWNERSHIP = {
    # short prefix → (nominative, genitive) of the legal form
    "МБОУ": ("Муниципальное бюджетное общеобразовательное учреждение", "Муниципального бюджетного общеобразовательного учреждения"),
    "МАОУ": ("Муниципальное автономное общеобразовательное учреждение", "Муниципального автономного общеобразовательного учреждения"),
    "МКОУ": ("Муниципальное казенное общеобразовательное учреждение", "Муниципального казенного общеобразовательного учреждения"),
    "МБДОУ": ("Муниципальное бюджетное дошкольное образовательное учреждение", "Муниципального бюджетного дошкольного образовательного учреждения"),
    "МАДОУ": ("Муниципальное автономное дошкольное образовательное учреждение", "Муниципального автономного дошкольного образовательного учреждения"),
    "МКДОУ": ("Муниципальное казенное дошкольное образовательное учреждение", "Муниципального казенного дошкольного образовательного учреждения"),
    "МБУ ДО": ("Муниципальное бюджетное учреждение дополнительного образования", "Муниципального бюджетного учреждения дополнительного образования"),
}
SCHOOL_WORDS = {
    # abbreviation inside the quotes → its full wording
    "СОШ": "Средняя общеобразовательная школа",
    "СШ": "Средняя школа",
    "ООШ": "Основная общеобразовательная школа",
}
NAMED_AFTER = (
    "им. А.С. Пушкина", "им. Н.В. Гоголя", "им. М.Ю. Лермонтова", "им. Ю.А. Гагарина", "им. С.П. Королёва",
    "им. Л.Н. Толстого", "им. А.П. Чехова", "им. К.Д. Ушинского", "им. А.С. Макаренко", "им. В.И. Даля",
    "им. Героя Советского Союза И.Т. Кравцова", "им. Героя России А.В. Дронова", "им. генерала Н.Ф. Ватутина",
    "им. академика В.П. Глушко", "им. Д.И. Менделеева",
)
KINDERGARTEN_NAMES = (
    "Солнышко", "Берёзка", "Ромашка", "Теремок", "Журавушка", "Колокольчик", "Золотой ключик", "Радуга",
    "Сказка", "Ёлочка", "Рябинка", "Алёнушка", "Светлячок", "Капелька", "Родничок", "Белочка",
)
DO_NAMES = (
    "Дом детского творчества", "ДЮСШ", "Центр детского творчества", "Станция юных натуралистов",
    "Детская школа искусств", "Центр дополнительного образования «Радуга»", "Станция юных техников",
)


@dataclass(frozen=True, slots=True)
class School:
    """One organization: `key` is canonical; `spellings[0]` is the usual short form."""

    key: str
    kind: str  # school, gymnasium, lyceum, kindergarten, additional
    municipality: str
    spellings: tuple[str, ...]
    full: str
    full_genitive: str


@dataclass(frozen=True, slots=True)
class Municipality:
    key: str
    urban: bool
    town: str  # "г. Новоборск", "с. Кременское"
    town_genitive: str  # "г. Новоборска"
    authority: str  # nominative, as a letterhead writes it
    authority_genitive: str
    authority_short: str  # "управление образования"
    center: str  # methodical centre, nominative full
    center_short: str
    area_genitive: str  # "города", "Кременского района": "школы …"
    schools: tuple[School, ...] = field(default=())
    partners: tuple[str, ...] = field(default=())  # police, hospital, commissions: organizations outside education


def _full(prefix: str, quoted: str, suffix: str) -> tuple[str, str]:
    nominative, genitive = OWNERSHIP[prefix]
    words = quoted.split(" ", 1)
    if words[0] in SCHOOL_WORDS:
        quoted = SCHOOL_WORDS[words[0]] + (" " + words[1] if len(words) > 1 else "")
    elif len(words) > 1 and words[1].split(" ")[0] in SCHOOL_WORDS:  # "Сосновская СОШ"
        rest = words[1].split(" ", 1)
        quoted = words[0] + " " + SCHOOL_WORDS[rest[0]].lower() + (" " + rest[1] if len(rest) > 1 else "")
    tail = f" {suffix}" if suffix else ""
    return f"{nominative} «{quoted}»{tail}", f"{genitive} «{quoted}»{tail}"


def _school(municipality: str, kind: str, prefix: str, quoted: str, suffix: str = "") -> School:
    short = f"{prefix} «{quoted}»"
    spellings = [short, f"{prefix} {quoted}" if "«" not in quoted else short]
    if "№ " in quoted:
        spellings.append(f"{prefix} «{quoted.replace('№ ', '№')}»")
    if suffix:
        spellings.append(f"{short} {suffix}")
    full, full_genitive = _full(prefix, quoted, suffix)
    return School(
        key=f"{municipality}:{prefix} {quoted}",
        kind=kind,
        municipality=municipality,
        spellings=tuple(dict.fromkeys(spellings)),
        full=full,
        full_genitive=full_genitive,
    )


_URBAN = (
    # key, town, its genitive and dative, schools style, counts (schools, gymnasiums, lyceums, kindergartens),
    # methodical centre (quoted name, short form)
    ("novoborsk", "г. Новоборск", "г. Новоборска", "г. Новоборску", "СОШ", (42, 4, 3, 26), ("Центр развития образования", "МКУ «ЦРО»")),
    ("lesogorsk", "г. Лесогорск", "г. Лесогорска", "г. Лесогорску", "СШ", (30, 3, 2, 18), ("Информационно-методический центр", "МКУ «ИМЦ»")),
    ("kamensk", "г. Каменск-Северный", "г. Каменска-Северного", "г. Каменску-Северному", "СОШ", (24, 2, 2, 14), ("Центр методического и информационного обеспечения", "МКУ «ЦМИО»")),
    ("starovolzhsk", "г. Староволжск", "г. Староволжска", "г. Староволжску", "СШ", (28, 2, 2, 16), ("Методический центр", "МКУ «МЦ»")),
)
_RURAL = (
    # key, district adjective stem, centre village, villages (name, adjective)
    ("kremenskoy", "Кременск", "с. Кременское", (
        ("Ольховка", "Ольховская"), ("Заречье", "Заречная"), ("Луговое", "Луговская"), ("Горки", "Горская"),
        ("Сосновка", "Сосновская"), ("Берёзовка", "Берёзовская"), ("Выселки", "Выселковская"),
        ("Малые Кусты", "Малокустовская"), ("Липовка", "Липовская"), ("Дубки", "Дубковская"),
        ("Каменка", "Каменская"), ("Речное", "Реченская"), ("Полянка", "Полянская"), ("Бережки", "Бережковская"),
    )),
    ("zarechansky", "Заречанск", "п. Заречный", (
        ("Курьи", "Курьинская"), ("Ключи", "Ключевская"), ("Гремячье", "Гремяченская"), ("Осиновка", "Осиновская"),
        ("Ягодное", "Ягоднинская"), ("Красный Яр", "Красноярская"), ("Боровое", "Боровская"), ("Лесное", "Лесновская"),
        ("Тихая Заводь", "Тихозаводская"), ("Никольское", "Никольская"), ("Покровка", "Покровская"), ("Рябиновка", "Рябиновская"),
    )),
    ("verkhneozersky", "Верхнеозёрск", "г. Верхнеозёрск", (
        ("Озёрки", "Озёрская"), ("Светлое", "Светловская"), ("Камышино", "Камышинская"), ("Ивановка", "Ивановская"),
        ("Хвойное", "Хвойнинская"), ("Сосняки", "Сосняковская"), ("Мирное", "Мирненская"), ("Песчанка", "Песчанская"),
        ("Уварово", "Уваровская"), ("Белый Ключ", "Белоключевская"), ("Дубрава", "Дубравинская"),
    )),
)


def _partners(genitive: str, dative: str, hospital: str) -> tuple[str, ...]:
    return (
        f"ПДН ОМВД России по {dative}",
        f"ОГИБДД ОМВД России по {dative}",
        f"КДНиЗП администрации {genitive}",
        f"ГБУЗ «{hospital}»",
        f"ГКУ «Центр занятости населения {genitive}»",
        f"ОНДиПР по {dative}",
    )


def _urban(
    rng: random.Random,
    key: str,
    town: str,
    town_gen: str,
    town_dative: str,
    style: str,
    counts: tuple[int, ...],
    center: tuple[str, str],
) -> Municipality:
    n_schools, n_gymnasiums, n_lyceums, n_kindergartens = counts
    schools: list[School] = []
    numbers = rng.sample(range(1, n_schools + 12), n_schools)
    for number in sorted(numbers):
        prefix = rng.choices(("МБОУ", "МАОУ", "МКОУ"), (7, 2, 1))[0]
        quoted = f"{style} № {number}"
        if rng.random() < 0.15:
            quoted += " " + rng.choice(NAMED_AFTER)
        schools.append(_school(key, "school", prefix, quoted))
    for number in rng.sample(range(1, 12), n_gymnasiums):
        schools.append(_school(key, "gymnasium", rng.choice(("МБОУ", "МАОУ")), f"Гимназия № {number}"))
    for number in rng.sample(range(1, 12), n_lyceums):
        schools.append(_school(key, "lyceum", rng.choice(("МБОУ", "МАОУ")), f"Лицей № {number}"))
    for number in sorted(rng.sample(range(1, n_kindergartens * 4), n_kindergartens)):
        prefix = rng.choices(("МБДОУ", "МАДОУ"), (4, 1))[0]
        if rng.random() < 0.6:
            quoted = f"Детский сад № {number} «{rng.choice(KINDERGARTEN_NAMES)}»"
        elif rng.random() < 0.5:
            quoted = f"Детский сад комбинированного вида № {number}"
        else:
            quoted = f"ЦРР – детский сад № {number}"
        schools.append(_school(key, "kindergarten", prefix, quoted))
    for name in rng.sample(DO_NAMES, 3):
        schools.append(_school(key, "additional", "МБУ ДО", name))
    return Municipality(
        key=key,
        urban=True,
        town=town,
        town_genitive=town_gen,
        authority=f"Управление образования администрации {town_gen}",
        authority_genitive=f"управления образования администрации {town_gen}",
        authority_short="управление образования",
        center=f"Муниципальное казенное учреждение «{center[0]}» {town_gen}",
        center_short=center[1],
        area_genitive="города",
        schools=tuple(schools),
        partners=_partners(town_gen, town_dative, f"Городская больница {town_gen}"),
    )


def _rural(rng: random.Random, key: str, stem: str, centre: str, villages: tuple[tuple[str, str], ...]) -> Municipality:
    district_gen = f"{stem}ого района"
    schools: list[School] = [
        _school(key, "school", "МКОУ", f"{stem}ая СОШ № 1"),
        _school(key, "school", "МКОУ", f"{stem}ая СОШ № 2"),
        _school(key, "gymnasium", "МБОУ", f"{stem}ая гимназия"),
    ]
    for village, adjective in villages:
        roll = rng.random()
        if roll < 0.45:
            schools.append(_school(key, "school", "МКОУ", f"{adjective} СОШ"))
        elif roll < 0.7:
            schools.append(_school(key, "school", "МКОУ", f"{adjective} ООШ"))
        elif roll < 0.85:
            schools.append(_school(key, "school", "МКОУ", f"ООШ {rng.choice(('с.', 'д.'))} {village}"))
        else:
            schools.append(_school(key, "school", "МКОУ", f"СОШ с. {village}"))
        if rng.random() < 0.5:
            schools.append(_school(key, "kindergarten", "МКДОУ", f"Детский сад «{rng.choice(KINDERGARTEN_NAMES)}» с. {village}"))
    for name in rng.sample(DO_NAMES, 2):
        schools.append(_school(key, "additional", "МБУ ДО", f"{stem}ий {name.lower()}" if name == "Дом детского творчества" else name))
    return Municipality(
        key=key,
        urban=False,
        town=centre,
        town_genitive=district_gen,
        authority=f"Отдел образования администрации {district_gen}",
        authority_genitive=f"отдела образования администрации {district_gen}",
        authority_short="отдел образования",
        center=f"Муниципальное казенное учреждение «{stem}ий районный методический кабинет»",
        center_short=f"МКУ «{stem}ий РМК»",
        area_genitive=district_gen,
        schools=tuple(schools),
        partners=_partners(district_gen, f"{stem}ому району", f"{stem}ая ЦРБ"),
    )


def build_municipalities(seed: int = 20240901) -> tuple[Municipality, ...]:
    """The fixed pool (the same for every generator seed)."""
    rng = random.Random(seed)
    urban = tuple(_urban(rng, *spec) for spec in _URBAN)
    rural = tuple(_rural(rng, *spec) for spec in _RURAL)
    return urban + rural


MUNICIPALITIES = build_municipalities()
ALL_SCHOOLS = tuple(school for m in MUNICIPALITIES for school in m.schools)
