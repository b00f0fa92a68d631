"""Fictional Russian people for generated protocols: surnames, given names and patronymics with
their gender forms and the cases protocols use (nominative, genitive, dative, accusative).

Inflection is by hand rules per declension class, checked against pymorphy3 in
tests/test_generate.py: protocols write "Слушали: Иванову И.И.", "слово предоставили Мазуру В.С."
(a man's Мазур declines, a woman's does not), "доклад Лозинской Е.С.", "Шевченко Т.В." (never
declines). No pymorphy3 at generation time: generating must stay fast.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

CASES = ("nom", "gen", "dat", "acc")
HUSHING = set("гкхжшчщ")


def _ending(word: str, cut: int, endings: tuple[str, str, str, str]) -> tuple[str, ...]:
    """The four case forms: the nominative as is, then the stem (word minus `cut` letters) + ending."""
    stem = word[: len(word) - cut] if cut else word
    return (word, stem + endings[1], stem + endings[2], stem + endings[3])


def _first_declension(word: str) -> tuple[str, ...]:
    """Nouns in -а/-я of either gender: Ирина, Сорока, Шульга, Наталья, Мария."""
    if word.endswith("ия"):
        return _ending(word, 2, ("", "ии", "ии", "ию"))
    if word.endswith("ья"):
        return _ending(word, 2, ("", "ьи", "ье", "ью"))
    if word.endswith("я"):
        return _ending(word, 1, ("", "и", "е", "ю"))
    genitive = "и" if word[-2] in HUSHING else "ы"
    return _ending(word, 1, ("", genitive, "е", "у"))


def _masculine_noun(word: str) -> tuple[str, ...]:
    """Masculine nouns ending in a consonant, -й or -ь: Иван, Сергей, Игорь, Мазур, Коваль."""
    if word[-1] in "йь":
        return _ending(word, 1, ("", "я", "ю", "я"))
    return _ending(word, 0, ("", "а", "у", "а"))


SURNAME_CLASSES = ("ov", "sky", "soft_adj", "indecl", "cons", "a")


def surname_forms(male: str, female: str, kind: str, gender: str) -> tuple[str, ...]:
    """(nom, gen, dat, acc) of one surname for a man ("m") or a woman ("f")."""
    if kind == "ov":  # Иванов / Иванова, Сорокин / Сорокина
        return _ending(male, 0, ("", "а", "у", "а")) if gender == "m" else _ending(female, 1, ("", "ой", "ой", "у"))
    if kind == "sky":  # Лозинский / Лозинская, Лозовой / Лозовая
        return _ending(male, 2, ("", "ого", "ому", "ого")) if gender == "m" else _ending(female, 2, ("", "ой", "ой", "ую"))
    if kind == "soft_adj":  # Осадчий / Осадчая
        return _ending(male, 2, ("", "его", "ему", "его")) if gender == "m" else _ending(female, 2, ("", "ей", "ей", "ую"))
    if kind == "cons":  # Мазур, Гутник: a man's declines, a woman's does not
        return _masculine_noun(male) if gender == "m" else (female,) * 4
    if kind == "a":  # Сорока, Шульга: declines for both
        return _first_declension(male if gender == "m" else female)
    return ((male if gender == "m" else female),) * 4  # Шевченко, Седых, Бойко


@dataclass(frozen=True, slots=True)
class Surname:
    male: str
    female: str
    kind: str


# (male, female, class); fictional combinations of common surnames.
_SURNAMES = [
    *((s, s + "а", "ov") for s in (
        "Иванов", "Петров", "Сорокин", "Захаров", "Морозов", "Белоусов", "Кузнецов", "Соколов", "Лебедев",
        "Ковалёв", "Никитин", "Горбунов", "Тихонов", "Фролов", "Журавлёв", "Абрамов", "Киселёв", "Лапшин",
        "Голованов", "Воробьёв", "Дмитриев", "Тарасов", "Белов", "Комаров", "Медведев", "Ершов", "Котов",
        "Панов", "Рябов", "Сазонов", "Филатов", "Широков", "Ларионов", "Гусев", "Зуев", "Баранов", "Колесников",
        "Прохоров", "Щербаков", "Савельев", "Карпов", "Мельников", "Осипов", "Латышев", "Ефимов", "Назаров",
        "Исаев", "Богданов", "Ахмедов", "Рахимов", "Гусейнов", "Хабибуллин", "Сафин", "Шарипов", "Нуриев",
        "Кулагин", "Кирсанов", "Носков", "Гришин", "Лыков", "Корнилов", "Зайцев", "Федосов", "Ветров", "Коробков",
        "Нестеров", "Ермолаев", "Сидоров", "Самойлов", "Аксёнов", "Тимофеев", "Давыдов", "Голубев", "Вдовин",
        "Трофимов", "Лукьянов", "Романов", "Пономарёв", "Кривошеев", "Бекетов", "Фомин", "Лапин", "Орлов",
    )),
    *((s, s[:-2] + "ая", "sky") for s in (
        "Лозинский", "Белявский", "Савицкий", "Ковальский", "Лисовский", "Закревский", "Вишневский",
        "Жуковский", "Островский", "Покровский", "Каменский", "Дубровский", "Соловецкий", "Троицкий",
        "Лозовой", "Толстой", "Белый", "Крутой",
    )),
    *((s, s[:-2] + "ая", "soft_adj") for s in ("Осадчий", "Рыжий", "Гончий")),
    *((s, s, "indecl") for s in (
        "Шевченко", "Ляшенко", "Гриценко", "Кравченко", "Бойко", "Сидоренко", "Марченко", "Лысенко",
        "Прокопенко", "Ищенко", "Зинченко", "Романенко", "Пилипенко", "Карпенко", "Демченко", "Левченко",
        "Кононенко", "Гончаренко", "Тимошенко", "Дорошенко", "Захарченко", "Носенко", "Мищенко",
        "Седых", "Черных", "Долгих", "Белых", "Гладких", "Кучерявых", "Дурново",
    )),
    *((s, s, "cons") for s in (
        "Мазур", "Гутник", "Шмидт", "Ковальчук", "Гаврилюк", "Кох", "Бондарь", "Коваль", "Голуб", "Корж",
        "Мельник", "Пасечник", "Федорчук", "Степанюк", "Ткач", "Кулик", "Бабич", "Хомич", "Гребенюк",
        "Дьячук", "Кравчук", "Смоляк", "Гайдамак", "Ковтун", "Белоус", "Хачатрян", "Абрамян", "Оганесян",
        "Айрапетян", "Кучер", "Шевчук", "Власюк", "Грицай", "Рудь", "Бурлак", "Кузьмич", "Гетман",
    )),
    *((s, s, "a") for s in ("Сорока", "Шульга", "Заика", "Скиба", "Цыбуля", "Ворона", "Зима", "Головня")),
]
SURNAMES = tuple(Surname(m, f, k) for m, f, k in _SURNAMES)
_DOUBLE_PARTS = tuple(s for s in SURNAMES if s.kind in ("ov", "sky", "indecl"))

FEMALE_NAMES = (
    "Ирина", "Наталья", "Елена", "Ольга", "Татьяна", "Светлана", "Марина", "Анна", "Юлия", "Екатерина",
    "Людмила", "Галина", "Надежда", "Оксана", "Вера", "Мария", "Алла", "Лариса", "Валентина", "Нина",
    "Дарья", "Анастасия", "Виктория", "Ксения", "Жанна", "Евгения", "Алина", "Зульфия", "Гульнара",
    "Диана", "Кристина", "Маргарита", "Инна", "Лилия", "Раиса", "Тамара", "Зоя", "Полина",
)
MALE_NAMES = (
    "Иван", "Сергей", "Андрей", "Алексей", "Дмитрий", "Игорь", "Олег", "Виктор", "Владимир", "Михаил",
    "Николай", "Александр", "Юрий", "Евгений", "Роман", "Денис", "Максим", "Артём", "Антон", "Вадим",
    "Геннадий", "Валерий", "Станислав", "Ренат", "Тимур", "Руслан", "Константин", "Григорий", "Борис",
)
# father's name → (patronymic stem): male stem + "ич", female stem + "на"
PATRONYMIC_STEMS = (
    "Иванов", "Петров", "Сергеев", "Андреев", "Алексеев", "Дмитриев", "Игорев", "Олегов", "Викторов",
    "Владимиров", "Михайлов", "Николаев", "Александров", "Юрьев", "Евгеньев", "Романов", "Геннадьев",
    "Валерьев", "Анатольев", "Васильев", "Борисов", "Григорьев", "Константинов", "Степанов", "Павлов",
    "Леонидов", "Вячеславов", "Станиславов", "Фёдоров", "Рашидов", "Маратов",
)


def given_name_forms(name: str) -> tuple[str, ...]:
    return _first_declension(name) if name[-1] in "ая" else _masculine_noun(name)


def patronymic_forms(stem: str, gender: str) -> tuple[str, ...]:
    if gender == "m":
        return _ending(stem + "ич", 0, ("", "а", "у", "а"))
    return _ending(stem + "на", 1, ("", "ы", "е", "у"))


@dataclass(frozen=True, slots=True)
class Person:
    """A fictional person; `surname`, `name`, `patronymic` are (nom, gen, dat, acc) forms."""

    gender: str
    surname: tuple[str, ...]
    name: tuple[str, ...]
    patronymic: tuple[str, ...] | None
    initials: str = ""
    key: str = ""  # the nominative "Фамилия И.О." the gold conventions use

    def __post_init__(self) -> None:
        initials = self.name[0][0] + "." + (self.patronymic[0][0] + "." if self.patronymic else "")
        object.__setattr__(self, "initials", initials)
        object.__setattr__(self, "key", f"{self.surname[0]} {initials}")

    def short(self, case: str = "nom", spaced: bool = False) -> str:
        """"Иванову И.И." (or "Иванову И. И.")."""
        initials = self.initials.replace(".", ". ").strip() if spaced else self.initials
        return f"{self.surname[CASES.index(case)]} {initials}"

    def initials_first(self, case: str = "nom") -> str:
        return f"{self.initials} {self.surname[CASES.index(case)]}"

    def full(self, case: str = "nom", name_first: bool = False) -> str:
        """"Иванову Ирину Ивановну" or, name first, "Ирину Ивановну Иванову"."""
        i = CASES.index(case)
        given = self.name[i] + (" " + self.patronymic[i] if self.patronymic else "")
        return f"{given} {self.surname[i]}" if name_first else f"{self.surname[i]} {given}"

    def mention(self, case: str, style: str) -> str:
        """One of the ways protocols write a name: short, spaced, initials_first, full, full_name_first."""
        if style == "short":
            return self.short(case)
        if style == "spaced":
            return self.short(case, spaced=True)
        if style == "initials_first":
            return self.initials_first(case)
        if style == "full":
            return self.full(case)
        return self.full(case, name_first=True)


POOL_SIZE = 8000


@lru_cache(maxsize=1)
def people_pool() -> tuple[tuple[Person, ...], tuple[Person, ...]]:
    """(women, men): a fixed staff of fictional people, built once; protocols draw from it, so the
    same people recur across an archive as they do in real ones (speaker and participant facets)."""
    rng = random.Random(1729)
    people = [new_person(rng) for _ in range(POOL_SIZE)]
    return tuple(p for p in people if p.gender == "f"), tuple(p for p in people if p.gender == "m")


def random_person(rng: random.Random, *, gender: str | None = None) -> Person:
    """A person of the pool (four in five are women, as in schools)."""
    women, men = people_pool()
    if gender is None:
        gender = "f" if rng.random() < 0.8 else "m"
    group = women if gender == "f" else men
    return group[int(rng.random() * len(group))]


def new_person(rng: random.Random, *, gender: str | None = None, patronymic: bool = True) -> Person:
    """A new person with random gender (four in five are women) and names."""
    gender = gender or ("f" if rng.random() < 0.8 else "m")
    if gender == "f" and rng.random() < 0.04:  # double-barrelled: married women keeping both names
        first, second = rng.choice(_DOUBLE_PARTS), rng.choice(_DOUBLE_PARTS)
        parts = [surname_forms(s.male, s.female, s.kind, gender) for s in (first, second)]
        surname = tuple(f"{a}-{b}" for a, b in zip(*parts))
    else:
        s = rng.choice(SURNAMES)
        surname = surname_forms(s.male, s.female, s.kind, gender)
    name = given_name_forms(rng.choice(FEMALE_NAMES if gender == "f" else MALE_NAMES))
    father = patronymic_forms(rng.choice(PATRONYMIC_STEMS), gender) if patronymic else None
    return Person(gender, surname, name, father)
