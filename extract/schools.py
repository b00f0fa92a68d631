"""Schools and other organizations: where their names are, how far they reach, and one key per school.

Anchors come from the spaCy `org_anchors` span ruler (`ORG_PATTERNS`): legal-form abbreviations
(МБОУ, МБУ ДО, ГБОУ…), full legal forms in any case ("Муниципального бюджетного образовательного
учреждения", matched on pymorphy3 lemmas), education authorities ("отдел образования", "Комитет по
образованию", ГУНО), and school kinds with a number ("Средняя общеобразовательная школа № 3", "шк. № 18").
The name is then read from the anchor: a quoted name (nested quotes, an unclosed quote, a line
break inside), a kind and a number ("СОШ с УИОП № 43"), "им. …", a place ("с. п. Сармаково"), or a
genitive tail ("администрации МР «Медынский район»").

`org_key` gives spellings of one organization one key: "МБОУ «СШ № 32 им. С.А. Лавочкина»",
"МБОУ «СШ № 32 им. С. А. Лавочкина»" and "СШ №32" are all "школа №32"; named ones key on the
lemmas of their name without the legal form, so case forms share a key too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.lemmas import Lemmatizer, fold
from extract.morph import Morphology, case_of
from extract.text import DASHES, balance_quotes, squash

LEGAL_ABBREVIATIONS = [
    "МБОУ", "МАОУ", "МКОУ", "МОУ", "МБОО", "ГБОУ", "ГАОУ", "ГКОУ", "ГОУ", "ФГБОУ", "ФГАОУ", "ФГОУ", "НОУ", "ЧОУ",
    "АНО", "АНОО", "АНОДО", "МБДОУ", "МАДОУ", "МКДОУ", "МДОУ", "ГБДОУ", "ГДОУ", "МБУ", "МАУ", "МКУ", "ГБУ", "ГАУ",
    "ГКУ", "ГУ", "ГУО", "МУ", "МБУДО", "МАУДО", "МКУДО", "МБОУДО", "МОУДО", "ГБУДО", "МБОУДОД", "МОУДОД",
    "ГБПОУ", "ГАПОУ", "ГПОУ", "ОГБОУ", "ОГАОУ", "КГБОУ", "КГАОУ", "ОАО", "ООО", "ЗАО", "ПАО", "АО", "ФГБУ", "ГБНОУ",
    "МБНОУ", "МАОУДО", "МКОУДО", "ЧУ", "ЧОУДО", "ГБУЗ", "ГАУЗ", "ГУЗ", "МБУЗ", "МБУК", "МАУК", "МКУК", "ГАУ ДПО", "ГАУДПО",
    "ГБУ ДПО", "ФГАОУ ВО", "ФГБОУ ВО", "ГАУК", "МУП", "ГУП", "ИП", "НКО",
    "ПОУ", "ЧПОУ", "НОЧУ", "АНПОО", "ФГАУ", "ФГКУ", "ФБУ", "ФКУ", "ФГБНУ", "ГКПОУ", "ОГБПОУ", "ОГАПОУ", "КГБПОУ",
    "КГАПОУ", "ГБОУДО", "ГАУДО", "ОГБУ", "ОГКУ", "КГБУ", "КГКУ", "ГОБУ", "ГОАУ", "ГОКУ", "МКУДО", "МБУК", "ФГУП",
]
# Any other legal-form abbreviation, known by its shape ("…ОУ", "…У") when a quoted name follows it: "ФГАУ «ФИРО»".
LEGAL_ABBREVIATION_SHAPE = r"^[А-ЯЁ]{1,5}(?:ОУ|У|УЗ|УК|УДО)$"
AUTHORITY_ABBREVIATIONS = ["ГУНО", "РУНО", "РОНО", "ГОРОНО", "ГорОНО", "МОУО", "РУО", "УО", "ИРО", "ИПК", "ИМЦ", "ИРО", "ЦОКО", "РЦОИ"]
CENTER_ABBREVIATIONS = [
    "ЦО", "ДДТ", "ЦДТ", "ЦДО", "ДЮСШ", "СЮН", "СЮТ", "ДШИ", "ЦРР", "ДЮЦ", "ЦВР", "ЦДОД", "ДЮСШОР", "СДЮСШОР", "ЦТТ",
    "ЦПМСС", "ППМС-центр", "ДОЛ", "ДОЦ", "ЗОЛ", "СОЛ", "ДЮСШ", "СШОР", "ДМШ", "ДХШ", "ЦППМСП", "ДК", "ЦБС",
]
# Bodies outside education that protocols name: police, fire service, commissions, health care, agencies.
AGENCY_ABBREVIATIONS = [
    "ПДН", "ОПДН", "ОДН", "ОП", "ОМВД", "УМВД", "МВД", "ГИБДД", "ОГИБДД", "КДН", "КДНиЗП", "ОНДиПР", "УНДиПР", "МЧС", "ЦРБ",
    "ФИПИ", "ФИОКО", "ФЦТ", "ТПМПК", "ЦПМПК", "ПМПК", "УФСИН", "ЗАГС", "ЦЗН", "КЦСОН", "СФР", "ПФР", "ОПФР", "ФСБ",
    "Рособрнадзор", "Роспотребнадзор", "Росгвардия", "Минпросвещения", "Минобрнауки", "Минздрав", "Рострудинспекция",
]
# Units of a police department for minors: a subdivision when named alone ("на учете в ПДН"), part of one
# organization in a compound designation ("ПДН ОМВД России по г. Озёрску").
SUBDIVISION_ABBREVIATIONS = {"ПДН", "ОПДН", "ОДН"}
# Commissions every territory has: named alone ("на основании заключения ПМПК") they are no particular organization.
COMMISSION_ABBREVIATIONS = {"ПМПК", "ТПМПК", "ЦПМПК"}
SCHOOL_ABBREVIATIONS = ["СШ", "СОШ", "ООШ", "НОШ", "ОШ", "МОШ", "НШДС", "ЦО", "ДС", "Д/С", "ВСОШ", "СКОШ", "КШИ"]
OWNERSHIP_ADJECTIVES = [
    "муниципальный", "государственный", "областной", "краевой", "федеральный", "частный", "негосударственный",
    "республиканский", "автономный", "некоммерческий",
]
LEGAL_ADJECTIVES = [
    "муниципальный", "государственный", "областной", "краевой", "федеральный", "частный", "негосударственный",
    "бюджетный", "автономный", "казенный", "общеобразовательный", "образовательный", "дошкольный",
    "профессиональный", "некоммерческий", "специальный", "коррекционный", "республиканский", "городской",
]
# What an authority is "по": "Комитет по физической культуре и спорту", "служба по надзору в сфере образования".
AUTHORITY_DOMAINS = [
    "образование", "труд", "опека", "культура", "спорт", "делам", "дело", "физический", "молодежный", "молодежь",
    "надзор", "контроль", "социальный", "здравоохранение", "защита", "охрана", "развитие", "семья", "туризм",
    "вопрос", "работа", "физкультура", "информатизация", "профилактика",
    "управление",  # "Комитет по управлению муниципальным имуществом"
]
# What an education authority is "of" beside education: "Комитет образования и науки", "… опеки и попечительства".
DOMAIN_NOUNS = {"наука", "опека", "попечительство", "политика", "культура", "спорт", "молодежь", "туризм", "здравоохранение"}
# Nouns that name an organization when a quoted name follows: "издательства «Просвещение»", "кафе «Лукоморье»",
# "Центром дополнительного образования «Эврика»". Not programmes, contests, clubs, camps or studios of a school.
ORG_NOUNS = [
    "центр", "издательство", "кафе", "ресторан", "комбинат", "фабрика", "завод", "компания", "банк", "фонд",
    "университет", "институт", "академия", "библиотека", "музей", "театр", "филармония", "больница", "поликлиника",
    "диспансер", "санаторий", "профилакторий", "агентство", "ассоциация", "корпорация", "холдинг", "типография", "редакция", "дом",
    "дворец", "станция", "училище", "колледж", "техникум", "предприятие", "объединение_", "хозяйство",
]
# Federal projects whose centres and sites schools open under their own name ("центр «Точка роста»", "IT-куб"):
# programmes, not organizations.
FEDERAL_PROJECTS = {
    "точка роста", "it-куб", "ит-куб", "современная школа", "успех каждого ребенка", "цифровая образовательная среда",
    "билет в будущее", "учитель будущего", "молодые профессионалы", "патриотическое воспитание",
}
SCHOOL_ADJECTIVES = ["средний", "основной", "начальный", "общеобразовательный", "вечерний", "специальный", "коррекционный", "открытый", "сменный"]

ORG_PATTERNS = [
    {"label": "legal_abbr", "pattern": [{"TEXT": {"IN": LEGAL_ABBREVIATIONS}}]},
    {"label": "legal_abbr", "pattern": [{"TEXT": {"REGEX": LEGAL_ABBREVIATION_SHAPE}}, {"ORTH": {"IN": ["«", "\"", "„"]}}]},
    # (the adjectives one by one, so a line break may fall between any two: "бюджетного\nобразовательного")
    {"label": "legal_full", "pattern": [
        {"LEMMA": {"IN": OWNERSHIP_ADJECTIVES}}, *[{"LEMMA": {"IN": LEGAL_ADJECTIVES}, "OP": "?"}] * 5,
        {"LEMMA": {"IN": ["учреждение", "организация", "предприятие"]}},
    ]},
    {"label": "legal_full", "pattern": [{"LEMMA": "учреждение"}, {"LEMMA": "образование"}]},
    # "отдел образования", "управление народного образования"; not "отдел общего образования" or "отдел
    # дошкольного образования", which are subdivisions of an authority.
    {"label": "authority", "pattern": [
        {"LEMMA": {"IN": ["отдел", "управление", "комитет", "департамент"]}},
        {"LOWER": {"IN": ["по", "народного"]}, "OP": "?"},
        {"LEMMA": {"IN": ["образование", "народный"]}},
    ]},
    {"label": "authority_domain", "pattern": [
        {"LEMMA": {"IN": ["отдел", "управление", "комитет", "департамент", "министерство", "служба", "агентство", "инспекция"]}},
        {"LOWER": "по"}, {"LEMMA": {"IN": AUTHORITY_DOMAINS}},
    ]},
    # "департамента социальной защиты населения …", "управления культуры администрации …"
    {"label": "authority_domain", "pattern": [
        {"LEMMA": {"IN": ["управление", "комитет", "департамент"]}},
        {"LEMMA": {"IN": ["социальный", "здравоохранение", "культура", "труд", "занятость", "физический", "молодежный", "спорт"]}},
    ]},
    # "Министерство образования и науки Приреченского края", "Министерства здравоохранения … области".
    {"label": "ministry", "pattern": [{"LEMMA": "министерство"}]},
    # "Озёрно-Ключевской районной организации Профсоюза работников народного образования и науки РФ".
    {"label": "union", "pattern": [{"LEMMA": "организация"}, {"LOWER": {"REGEX": r"^профсоюза?$"}}]},
    # "Кругловским станичным казачьим обществом": a named society without quotes.
    {"label": "society", "pattern": [{"LEMMA": "общество"}]},
    # Issuers and councils outside education: "постановления Правительства Российской Федерации", "депутат
    # Озёрского городского Совета депутатов", "Думы Кедровского городского округа".
    {"label": "government", "pattern": [{"LEMMA": "правительство"}]},
    {"label": "legislature", "pattern": [{"LEMMA": "совет"}, {"LOWER": {"IN": ["депутатов", "народных"]}}]},
    {"label": "legislature", "pattern": [{"LEMMA": "дума"}]},
    {"label": "org_noun", "pattern": [{"LEMMA": {"IN": ORG_NOUNS}}]},
    {"label": "employment", "pattern": [{"LEMMA": "центр"}, {"LOWER": "занятости"}]},
    {"label": "authority_abbr", "pattern": [{"TEXT": {"IN": AUTHORITY_ABBREVIATIONS}}]},
    {"label": "agency", "pattern": [{"LOWER": {"REGEX": r"^(?:рособрнадзор|роспотребнадзор|росгвардия|минпросвещени|минобрнаук|минздрав|рострудинспекц)"}}]},
    {"label": "agency", "pattern": [{"TEXT": {"IN": AGENCY_ABBREVIATIONS}}]},
    {"label": "administration", "pattern": [{"LEMMA": "администрация"}]},
    {"label": "center_abbr", "pattern": [{"TEXT": {"IN": CENTER_ABBREVIATIONS}}]},
    {"label": "school", "pattern": [
        *[{"LEMMA": {"IN": SCHOOL_ADJECTIVES}, "OP": "?"}] * 3,
        {"LEMMA": {"IN": ["школа", "гимназия", "лицей", "школа-интернат", "интернат", "колледж", "техникум"]}},
        {"ORTH": "№"},
    ]},
    {"label": "school", "pattern": [{"LOWER": {"IN": ["шк", "шк."]}}, {"ORTH": ".", "OP": "?"}, {"ORTH": "№"}]},
    {"label": "school", "pattern": [{"TEXT": {"IN": SCHOOL_ABBREVIATIONS}}, {"ORTH": "№"}]},
    {"label": "school", "pattern": [{"LOWER": "детский"}, {"LOWER": "сад"}, {"ORTH": "№"}]},
    {"label": "school", "pattern": [{"LOWER": "д"}, {"ORTH": "/"}, {"LOWER": "с"}, {"ORTH": {"IN": ["№", "–", "-", "—"]}}]},
]

NUMBER = r"№\s?\d+[а-яА-Я]?"
# A lower-case word of an authority's domain, in the dative or genitive ("физической культуре", "образования").
DOMAIN_WORD = r"[а-яё]+(?:-[а-яё]+)*(?:ой|ому|ему|ым|им|ого|его|ых|их|ам|ям|ии|ия|ию|ии|у|ю|е|и|ы|а|я)(?![а-яё])"
ADJECTIVE_ENDINGS = r"(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им|ом|ем|ой|ей|ую|юю|ых|их|ыми|ими)$"
# Where a territorial body acts: "по г. Озёрску", "по Озёрно-Ключевскому району", "по Белокаменской области",
# "в г. Белокаменске", "в Кременском районе".
PROPER = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*"
WHERE = (
    rf"(?:по\s+(?:г\.\s?{PROPER}|{PROPER}(?:ому|ему)\s+(?:(?:городскому|муниципальному)\s+)?(?:району|округу)"
    rf"|(?:{PROPER}(?:ой|ому)\s+)?(?:области|краю|республике))"
    rf"|в\s+(?:г\.\s?{PROPER}|{PROPER}(?:ом|ем)\s+(?:(?:городском|муниципальном)\s+)?(?:районе|округе)))"
)
NAMED_AFTER = r"\s?(?:им\.|имени)\s?(?:(?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?|(?:[А-ЯЁ][а-яё]+\s){0,3}[А-ЯЁ][а-яё]+(?:\s(?:[А-ЯЁ]\.\s?){1,2})?)"
PLACE = r"\s?,?\s?(?:г\.|гор\.|с\.\s?п\.|с\.|п\.|пос\.|пгт\.?|д\.|ст-ца|ст\.|х\.|аул|село|города)\s?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
PLACE_NOUN = (
    r"(?:администрации|района|округа|области|края|республики|города|поселения|сельсовета|образования|труду|федерации"
    r"|станицы|села|поселка|посёлка|деревни|хутора|аула|улуса"
    r"|МР|МО|ГО|г\.|гор\.|р-на|с\.|пос\.|п\.)"
)
TERRITORIAL_ADJECTIVE = re.compile(r"(?i)(?:станичн|районн|городск|областн|краев|окружн|войсков|республиканск|сельск|хуторск)\w*")
TITLE_WORD = re.compile(r"(?i)протокол|выписка|повестка")
# A labelled line: "Председатель – Кузнец Т.А.", "Секретарь:", "Место проведения: …".
LABEL_LINE = re.compile(rf"[А-ЯЁ][а-яё]+(?:[ \t]+[а-яё]+){{0,2}}[ \t]*(?::|[{DASHES}][ \t])")
UNIT_ABBREVIATIONS = {"ГУ", "ТО", "ТУ", "УФ", "ОП", "ОМВД", "УМВД", "МО", "ОНДиПР", "УНДиПР"}
TERRITORIAL_UNIT_ADJECTIVE = re.compile(r"(?:территориальн|межрайонн|межмуниципальн)\w+")
UNIT_NOUN = re.compile(r"(?:отдел|управлени|департамент|комитет|служб|инспекци|отделени|агентств|главн)\w*")
# The territory a body serves, where its domain ends: "… по труду | администрации города Новоборска".
TERRITORY = r"(?:администраци[иья]|район[аеу]?|округ[аеу]?|област[иь]|кра[яюе]|республик[иеа]|город[аеу]?|поселени[яюе]|сельсовет[аеу]?)"
GENITIVE_ADJECTIVE = r"[а-яё]+(?:-[а-яё]+)*(?:ого|его|ой|ей|ых|их)"
# A line holding only where a body is: "Калиновского муниципального района", "Ильинского района Энской области".
TERRITORY_LINE = re.compile(
    rf"[ \t]*(?:(?:[А-ЯЁ]{GENITIVE_ADJECTIVE}|{GENITIVE_ADJECTIVE})[ \t]+)+(?:района|округа|области|края|республики)"
    rf"(?:[ \t]+(?:[А-ЯЁ]{GENITIVE_ADJECTIVE}[ \t]+)+(?:района|округа|области|края|республики))?[ \t.,]*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class OrgMention:
    start: int
    end: int
    name: str  # as written, white space squashed, an unclosed guillemet closed
    key: str
    label: str
    aliases: tuple[str, ...] = ()

    def abbreviates(self, other: "OrgMention") -> bool:
        """This mention abbreviates the other's name: "СЮН" (Станция юных натуралистов …), "МКУ «ИМЦ»",
        "МКУ «Заречанский РИМЦ»" (Заречанский районный информационно-методический центр), "ГБУЗ «БГДБ № 1»"
        (… городская детская больница № 1), "ДЮСШ" (… детско-юношеская спортивная школа № 2), or names it by
        a generic noun and its quoted name ("Центром «Гармония»")."""
        short, long_ = self.key.split(), other.key.split()
        if self.key == other.key:
            return False  # one spelling class ("МБОУ «Приреченская СОШ № 1»" twice): neither abbreviates the other
        if not short or len(short) >= len(long_) and "№" not in other.key:
            return False
        if _same_quoted_name(self, other):
            return True
        short_number, long_number = _number_in(self.key), _number_in(other.key)
        if short_number and short_number != long_number:
            return False
        if long_number:
            # Compare the words before the number; a kind key ("школа №2") keeps none, so read the name.
            short = short[: short.index("№")] if "№" in short else short
            long_ = long_[: long_.index("№")] if "№" in long_ and long_.index("№") > 1 else _core_words(other.name.split("№")[0])
            if not short or len(short) >= len(long_):
                return False
        capitals = {w.lower() for w in re.findall(r"[А-ЯЁ]{2,}", self.name)}  # "КОИПК" is written as an abbreviation
        if not any(_initials_like(w) or w in capitals for w in short):
            return False
        # The key drops a legal-form word the initials keep: "ОИРО" is «Областной институт развития образования».
        return _abbreviation_of(short, long_) or (not long_number and _abbreviation_of(short, _core_words(other.name)))


def read_quoted(text: str, pos: int, limit: int, stops: set[int]) -> tuple[int, bool]:
    """End of a quoted name opening at text[pos]; (end, closed).

    Nested quotes are balanced; a nested name whose outer quote the writer dropped
    ("«Сберегательный банк «Беларусбанк» и …") ends after the inner one. A quote left open ends at
    a person's name, a blank line or the end of the line.
    """
    end = _closing_quote(text, pos, limit)
    if end is not None:
        return end, True
    i = pos + 1
    last_word_end = pos + 1
    while i < limit:
        c = text[i]
        if i in stops or (c == "\n" and not re.match(r"\n[ \t]*[а-яё№\d]", text[i:i + 4])):
            break  # an unclosed name goes on over a line break only in lower case ("…общеразвивающего\nвида №118")
        if not c.isspace():
            last_word_end = i + 1
        i += 1
    return last_word_end, False


def _closing_quote(text: str, pos: int, limit: int) -> int | None:
    depth = 0
    i = pos
    while i < limit:
        c = text[i]
        if c in "«„":
            depth += 1
        elif c == "\"" and (depth == 0 or text[i - 1].isspace() or text[i - 1] in "«(„"):
            depth += 1
        elif c in "»”\"" or (c == "“" and depth > 0):
            depth -= 1
            if depth <= 0:
                return i + 1
            nxt = re.match(r"\s*(\S)", text[i + 1:i + 4])
            if (not nxt or nxt.group(1) not in "»”\"") and not re.match(r"[ \t]*,?[ \t]*[А-ЯЁ\d№]", text[i + 1:i + 6]):
                return i + 1  # an inner quote closed and the name goes on only on its own line
        elif c == "\n" and (re.match(r"\n[ \t]*\n", text[i:i + 4]) or i - pos > 160):
            return None
        i += 1
    return None


class OrgReader:
    """Reads organization names from the anchors the span ruler found."""

    def __init__(self, lemmatizer: Lemmatizer, morphology: Morphology | None = None) -> None:
        self.lemmatizer = lemmatizer
        self.morph = morphology

    def read(self, text: str, anchors: list[tuple[str, int, int]], stops: set[int]) -> list[OrgMention]:
        self._anchor_starts = {start for _, start, _ in anchors}
        spans: list[tuple[int, int, str]] = []
        for label, start, end in sorted(anchors, key=lambda a: (a[1], -(a[2] - a[1]))):
            extent = self._extent(text, label, start, end, stops)
            if extent is None:
                continue
            s, e = extent
            if e - s < 2:
                continue
            spans.append((s, e, label))
        kept: list[tuple[int, int, str]] = []
        for s, e, label in sorted(spans, key=lambda x: (-(x[1] - x[0]), x[0])):
            if any(ks <= s and e <= ke for ks, ke, _ in kept) or any(s < ke and ks < e for ks, ke, _ in kept):
                continue
            kept.append((s, e, label))
        out = []
        for s, e, label in sorted(kept):
            name = clean_org_name(text[s:e])
            if label == "org_noun" and _innermost_quoted(name) in FEDERAL_PROJECTS:
                continue  # "центров «Точка роста»": a federal project's centres in schools, not an organization
            key = self.key(name)
            if key:
                out.append(OrgMention(s, e, name, key, label, self.aliases(name)))
        return out

    # --- extent ---------------------------------------------------------------------------------
    def _extent(self, text: str, label: str, start: int, end: int, stops: set[int]) -> tuple[int, int] | None:
        limit = min(len(text), end + 300)
        if label == "legal_abbr":
            if text[end - 1] in "«\"„":
                end -= 1  # the shape pattern took the opening quote along
            pos = end
            m = re.match(r"[ \t]+(?:ДО|ДОД|ДПО|ВО|СПО|ПО)(?![А-ЯЁа-яё])", text[pos:])
            if m:
                pos += m.end()
            if text[start:end] == "ИП":
                # "ИП Иванов И.И.": an individual entrepreneur is named by the person
                person = re.match(rf"[ \t]+{PROPER}[ \t]+(?:[А-ЯЁ]\.[ \t]?[А-ЯЁ]\.|{PROPER}[ \t]+{PROPER})", text[pos:limit])
                return (start, pos + person.end()) if person else None
            named = self._name_after(text, pos, limit, stops)
            return (start, named) if named else None
        if label == "legal_full":
            m = re.match(
                r"(?:[ \t\n]+(?:дополнительного|профессионального|высшего|среднего|общего|образования|детей|взрослых|и|высшего))*",
                text[end:limit], re.IGNORECASE,
            )
            pos = end + (m.end() if m else 0)
            # "… учреждение Зауральской области «Кургальский колледж»": the founder's region before the quoted name
            region = re.match(
                r"[ \t\n]+(?:[А-ЯЁ][а-яё-]+(?:ой|ого|ей|их)[ \t\n]+(?:области|края|района|округа|республики)|города[ \t\n]+[А-ЯЁ][а-яё-]+)"
                r"(?=[ \t\n]*[«\"„])", text[pos:limit])
            if region is not None and self._name_after(text, pos + region.end(), limit, stops):
                pos += region.end()
            named = self._name_after(text, pos, limit, stops, unquoted=True)
            return (start, named) if named else None
        if label in ("authority", "authority_domain", "ministry", "agency"):
            start = self._bodies_before(text, start)
        if label == "authority":
            return start, self._genitive_tail(text, self._more_domains(text, end, limit), limit, stops)
        if label in ("authority_domain", "ministry"):
            # the rest of what it is "по" or "of" ("… физической культуре и спорту", "… образования и науки"),
            # then where ("… администрации Усть-Кедровского городского округа", "… Приреченского края")
            pos = self._domain_end(text, end, limit)
            if label == "ministry" and pos == end and not re.match(r"[ \t]+(?:[А-ЯЁ][а-яё]+(?:ой|ого|ых|их)|РФ|России)", text[end:limit]):
                return None  # "министерство" alone is no name
            return start, self._compound_tail(text, self._genitive_tail(text, pos, limit, stops), limit, stops)
        if label == "union":
            tail = re.match(rf"\s+работников(?:\s+(?:{DOMAIN_WORD}|и))+(?:\s+(?:РФ|России|Российской\s+Федерации))?", text[end:limit])
            if tail is None:
                return None  # "районной организации Профсоюза" alone repeats the full name given elsewhere
            return self._adjectives_before(text, start), end + len(tail.group().rstrip())
        if label == "government":
            tail = self._genitive_tail(text, end, limit, stops, require_start=True)
            return (start, tail) if tail > end and text[start].isupper() else None
        if label == "legislature":
            first = self._adjectives_before(text, start, strict=True)
            tail = self._genitive_tail(text, end, limit, stops, require_start=True)
            if not text[first].isupper() or (first == start and tail == end):
                return None  # "совет депутатов" alone, "в думе" in a speech: no particular body
            return first, tail
        if label == "society":
            first = self._adjectives_before(text, start)
            word = re.match(r"[А-Яа-яЁё-]+", text[first:]).group()
            territorial = TERRITORIAL_ADJECTIVE.search(text[first:start]) or not self.lemmatizer.is_known(word)
            if first == start or not word[0].isupper() or at_sentence_start(text, first) or not territorial:
                return None  # a place's society ("Кругловским станичным казачьим обществом"), not "Научного общества учащихся"
            return first, end
        if label == "org_noun":
            m = re.match(r"(?:(?:[ \t]+|[ \t]*\n[ \t]*)[а-яё]+(?:-[а-яё]+)*){0,5}\s*(?=[«\"])", text[end:limit])
            if m is None and self._proper_adjectives_before(text, start, end):
                # "Ясненским государственным университетом им. И.И. Иванова", "Ясненской центральной районной
                # больницы": a place's adjective in capitals names an institution without quotes
                return self._adjectives_before(text, start, strict=True), self._tails(text, end, limit, stops)
            if m is None or re.search(r"[ \t](?:и|или|а|для|на|в|с|по)$", m.group().rstrip()):
                return None
            q = end + m.end()
            closing, _ = read_quoted(text, q, limit, stops)
            compound = re.search(r"[а-яё]+-$", text[max(0, start - 20):start], re.IGNORECASE)
            if compound is not None:
                start -= len(compound.group())  # "санаторий-профилакторий «Сосновый бор»": one compound noun
            return start, self._tails(text, closing, limit, stops)
        if label == "agency":
            return start, self._compound(text, start, end, limit, stops)
        if label == "administration":
            tail = self._genitive_tail(text, end, limit, stops)
            if not re.search(r"[А-ЯЁ]", text[end:tail]):
                return None
            return start, tail
        if label in ("authority_abbr", "center_abbr"):
            # "ХК ИРО": a region's abbreviation before the institute's is part of its name.
            region = re.search(r"(?<![А-ЯЁа-яё])([А-ЯЁ]{2,3})[ \t]+$", text[max(0, start - 6):start])
            if region and not _is_common_abbreviation(region.group(1)) and region.group(1) not in LEGAL_ABBREVIATIONS:
                start -= len(text[max(0, start - 6):start]) - region.start()
            quoted = re.match(r"[ \t]*(?=[«\"])", text[end:limit])
            if quoted:  # "ДОЛ «Сосновая роща»", "ЦДТ «Радуга»"
                return start, read_quoted(text, end + quoted.end(), limit, stops)[0]
            m = re.match(r"[ \t]+([А-ЯЁ]{2,6})(?![А-ЯЁа-яё])", text[end:end + 10])
            if label == "center_abbr" and m and not _is_common_abbreviation(m.group(1)):
                return start, end + m.end()
            numbered = re.match(rf"[ \t]*{NUMBER}(?!\d)", text[end:limit])
            if label == "center_abbr" and numbered:
                return start, self._tails(text, end + numbered.end(), limit, stops)  # "ДЮСШ № 2", "ЦДТ № 3 г. Ясного"
            return start, end
        if label == "employment":
            # "Центра занятости населения г. Ясного": a named state institution without quotes
            tail = re.match(r"[ \t]+населения", text[end:limit])
            return start, self._genitive_tail(text, end + (tail.end() if tail else 0), limit, stops)
        if label == "school":
            if re.match(r"\s?\d+[ \t]+от[ \t]+[«\"]?\d", text[end:end + 80]) and (
                    text[start:end].lower().startswith("школ") or re.search(r"\n[ \t]*\n", text[start:end])):
                # "Протокол заседания Совета школы № 5 от …", "… методического совета колледжа\n\n№ 6      от …":
                # the protocol's number, not a school's
                return None
            return self._school(text, start, end, limit)
        return None

    def _compound(self, text: str, start: int, end: int, limit: int, stops: set[int]) -> int:
        """"ПДН ОП «Усть-Каменский» МО МВД России «Каменский»", "ОНДиПР по Кременскому району УНДиПР ГУ МЧС России по области"."""
        pos = end
        while pos < limit:
            m = re.match(
                r"(?:[ \t]+\n?|\n)[ \t]*(?:[А-ЯЁ][А-ЯЁа-яё]{0,3}[А-ЯЁ][А-ЯЁа-яё]{0,6}(?![а-яё])|и(?=\s+[А-ЯЁ]{2,3}(?![А-ЯЁа-яё]))|России|РФ"
                rf"|№\s?\d+|{WHERE}|«[^»\n]{{1,60}}»)",
                text[pos:limit],
            )
            if not m or pos + m.start() + 1 in stops:
                break
            if m.group().strip() == "и" and not re.search(r"(?<![А-ЯЁа-яё])[А-ЯЁ]{2,3}$", text[max(0, pos - 4):pos]):
                break  # "КДН и ЗП" is one body; "… по г. Озёрску и КДНиЗП …" are two
            pos += m.end()
        return self._genitive_tail(text, pos, limit, stops, require_start=True)

    def _domain_end(self, text: str, pos: int, limit: int) -> int:
        """End of what a body is "of" or "по": lower-case nouns and adjectives in an oblique case and "и", "в"
        ("… образования и науки", "… надзору в сфере защиты прав потребителей"), up to the territory it serves."""
        end = pos
        while True:
            # "… физической культуре, спорту и туризму": a comma lists more of the domain
            m = re.match(r"(?:,?[ \t]+|,?[ \t]*\n[ \t]*)([а-яё]+(?:-[а-яё]+)*)", text[pos:limit])
            if m is None or re.fullmatch(TERRITORY, m.group(1)):
                break
            word = m.group(1)
            if word not in ("и", "в") and not self._oblique(word):
                break
            pos += m.end()
            if word not in ("и", "в"):
                end = pos
        return end

    def _more_domains(self, text: str, pos: int, limit: int) -> int:
        """"Комитет образования | и науки", "Управление образования, опеки и попечительства", "… и молодёжной
        политики": further domains of an education authority (only domain words: "отдела образования и учителей" is two)."""
        while self.morph is not None:
            m = re.match(r"(?:,|[ \t]+и)[ \t]+([а-яё]+)(?:[ \t]+([а-яё]+))?", text[pos:limit])
            if m is None:
                break
            first, second = ({p.normal_form.replace("ё", "е") for p in self.morph.parse(w)} if w else set() for w in m.groups())
            if first & set(AUTHORITY_DOMAINS) and second & DOMAIN_NOUNS:
                pos += m.end()  # "и молодёжной политики"
            elif first & DOMAIN_NOUNS:
                pos += m.end(1)  # "и науки", ", опеки"
            else:
                break
        return pos

    def _oblique(self, word: str) -> bool:
        if self.morph is None:
            return re.fullmatch(DOMAIN_WORD, word) is not None
        parses = self.morph.parse(word)
        if not parses or parses[0].tag.POS in ("PREP", "CONJ", "PRCL", "VERB", "INFN", "ADVB"):
            return False  # "…образованию, об итогах": a preposition, not more of the name
        return any(p.tag.POS in ("NOUN", "ADJF", "PRTF") and case_of(p) in ("gent", "datv", "loct", "ablt") for p in parses)

    def _compound_tail(self, text: str, end: int, limit: int, stops: set[int]) -> int:
        """"… по Белокаменской области в г. Белокаменске": where a territorial body acts."""
        while True:
            m = re.match(rf"[ \t]+(?:\n[ \t]*)?{WHERE}", text[end:limit])
            if m is None or end + m.start() + 1 in stops:
                return end
            end += m.end()

    def _bodies_before(self, text: str, start: int) -> int:
        """The units a body's name starts with: "Федеральной | службы по надзору …", "Территориальным отделом
        Управления | Роспотребнадзора …" (capitalized adjectives and unit nouns, the first one capitalized)."""
        pos, first_capital = start, start
        after_unit = False
        while True:
            m = re.search(r"(?<![А-Яа-яЁё-])([А-ЯЁа-яё]+)(?:[ \t]+|[ \t]*\n[ \t]*)$", text[max(0, pos - 40):pos])
            if m is None:
                break
            word = m.group(1)
            if after_unit and TERRITORIAL_UNIT_ADJECTIVE.fullmatch(word):
                # "территориального отдела Управления Роспотребнадзора …": the unit's kind, in lower case as written
                return pos - (len(text[max(0, pos - 40):pos]) - m.start(1))
            unit = UNIT_NOUN.fullmatch(word.lower()) is not None or word in UNIT_ABBREVIATIONS
            after_unit = unit and word.islower()
            if not (unit or (word[0].isupper() and re.search(ADJECTIVE_ENDINGS, word.lower()))):
                break
            pos = pos - (len(text[max(0, pos - 40):pos]) - m.start(1))
            if word[0].isupper():
                first_capital = pos
        return first_capital

    def _proper_adjectives_before(self, text: str, start: int, end: int) -> bool:
        """Agreeing adjectives before an institution's noun, the first capitalized inside a sentence."""
        if text[start:end].lower().startswith(("центр", "дом", "двор", "объедин", "хозяйств", "предприят")):
            return False  # too often common nouns ("Районный центр", "Дом культуры" aside)
        first = self._adjectives_before(text, start, strict=True)
        return first < start and text[first].isupper() and not at_sentence_start(text, first)

    def _adjectives_before(self, text: str, start: int, *, strict: bool = False) -> int:
        """Start of the adjectives agreeing before a noun: "Кругловским станичным казачьим обществом". `strict`:
        words the dictionary reads as adjectives, not any word with an adjective's ending ("решением")."""
        pos = start
        while True:
            m = re.search(r"(?<![А-Яа-яЁё-])([А-ЯЁа-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*)(?:[ \t]+|[ \t]*\n[ \t]*)$", text[max(0, pos - 40):pos])
            if m is None or not re.search(ADJECTIVE_ENDINGS, m.group(1).lower()):
                return pos
            if strict and self.morph is not None and not any(p.tag.POS == "ADJF" for p in self.morph.parse(m.group(1).lower())):
                return pos
            pos = pos - (len(text[max(0, pos - 40):pos]) - m.start(1))

    def _name_after(self, text: str, pos: int, limit: int, stops: set[int], *, unquoted: bool = False) -> int | None:
        """End of the name after a legal form: quoted, kind + number, or (for full forms) capitalized words."""
        # "МАУ ДО ЦДО «Эврика»", "МБДОУ д/с «Солнышко»": a kind may stand before the quoted name.
        m = re.match(r"[ \t]*(?:\n[ \t]*)?(?:(?:[А-ЯЁ][А-ЯЁа-яё]{1,7}|д/с|детский сад)[ \t]+)?(?=[«\"„“])", text[pos:limit])
        if m:
            q = pos + m.end()
            end, _ = read_quoted(text, q, limit, stops)
            return self._tails(text, end, limit, stops)
        m = re.match(
            r"[ \t]+(?:[А-ЯЁ][А-ЯЁа-яё/-]{1,8}\s?)?(?:[А-ЯЁ]{2,6}|школа|гимназия|лицей)(?:[ \t]+(?:с|и)[ \t]+[А-ЯЁ]{2,8})*[ \t]*" + NUMBER,
            text[pos:limit],
        )
        if m:
            return self._tails(text, pos + m.end(), limit, stops)
        if unquoted:
            # "… учреждение детский сад комбинированного вида № 37 «Капелька»": a kind in lower case and a number.
            m = re.match(r"(?:[ \t]+|[ \t]*\n[ \t]*)(?:[А-ЯЁа-яё-]+[ \t]+){1,5}" + NUMBER + r"(?![\d])", text[pos:limit])
            if m:
                end = pos + m.end()
                quoted = re.match(r"[ \t]*(?=[«\"])", text[end:limit])
                if quoted:
                    end = read_quoted(text, end + quoted.end(), limit, stops)[0]
                return self._tails(text, end, limit, stops)
            m = re.match(
                r"[ \t]+(?:\n[ \t]*)?[А-ЯЁ][а-яё]+(?:(?:[ \t]+|[ \t]*\n[ \t]*(?=[а-яё]))(?:[а-яё]+|[А-ЯЁ][а-яё]+|№\s?\d+))*",
                text[pos:limit],
            )
            if m:
                end = pos + m.end()
                words = text[pos:end].split()
                # Stop before a word that starts the next thing: "Протокол", "Заседание", "от".
                for k, word in enumerate(words):
                    if k and word.lower() in ("протокол", "заседание", "совещание", "собрание", "от", "приказ", "тел", "адрес"):
                        end = pos + text[pos:end].find(word, sum(len(w) for w in words[:k]))
                        break
                return end if text[pos:end].strip() else None
        return None

    def _tails(self, text: str, end: int, limit: int, stops: set[int]) -> int:
        for tail in (NAMED_AFTER, PLACE):
            m = re.match(tail, text[end:limit])
            if m:
                end += m.end()
        return self._genitive_tail(text, end, limit, stops, require_start=True)

    def _genitive_tail(self, text: str, end: int, limit: int, stops: set[int], *, require_start: bool = False) -> int:
        """"… администрации Коломенского муниципального района Московской области", "… МР «Медынский район»",
        "… г. Новоборска": place nouns, genitive adjectives before them, a proper name after them."""
        caps = re.sub(r"[^А-ЯЁа-яё]", "", text[max(0, end - 12):end]).isupper()
        pos = end
        last_good = end
        previous = None
        while pos < limit:
            m = re.match(r"[ \t]+(?:\n[ \t]*)?|\n[ \t]*", text[pos:limit])
            if not m or m.group().count("\n") > 1:
                break
            word_start = pos + m.end()
            if word_start in stops:
                break
            w = re.match(r"«[^»\n]{1,60}»|[А-Яа-яЁё]+(?:-\n?[А-Яа-яЁё]+)*\.?", text[word_start:limit])
            if not w:
                break
            # "Усть-\nКаменского" is one word broken over a line: compare it joined, keep the text's offsets.
            raw_length = len(w.group())
            word = w.group().replace("-\n", "-")
            core = word.rstrip(".")
            if not word.startswith("«"):
                if caps and not core.isupper() and "\n" in m.group() and TERRITORY_LINE.fullmatch(_line_at(text, word_start)):
                    caps = False  # "…«ЗАОЗЁРНАЯ … ШКОЛА»\nКалиновского муниципального района": a letterhead's district line
                if caps and not core.isupper():
                    break
                if not caps and core.isupper() and core not in ("МР", "МО", "ГО", "РФ"):
                    break
            if word.startswith("«"):
                if previous not in ("place", "abbr"):
                    break
                kind = "name"
            elif re.fullmatch(PLACE_NOUN, word, re.IGNORECASE) or re.fullmatch(PLACE_NOUN, core, re.IGNORECASE):
                kind = "abbr" if core.isupper() and len(core) <= 3 and not word.endswith(".") else "place"
                if not re.fullmatch(PLACE_NOUN, word, re.IGNORECASE):
                    raw_length -= len(word) - len(core)
                    word = core
            elif re.fullmatch(GENITIVE_ADJECTIVE, core.lower()):
                # "станицы Кругловской": a capitalized adjective after a settlement noun is its name.
                kind = "name" if previous == "place" and core[:1].isupper() and "\n" not in m.group() else "adjective"
            elif re.fullmatch(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*|[А-ЯЁ]{3,}", core) and previous in ("place", "abbr"):
                if "\n" in m.group() and (word_start in self._anchor_starts or TITLE_WORD.match(core) or LABEL_LINE.match(text, word_start)):
                    # "…района\nМуниципальное казённое учреждение …", "…ОКРУГА\nУПРАВЛЕНИЕ ОБРАЗОВАНИЯ",
                    # "…области\nПротокол № 3", "…района\nПредседатель – Кузнец Т.А.": the next line starts another
                    # body, the title or a label; a name goes
                    # on ("…ГОРОДСКОГО ОКРУГА\nКЕДРОВЫЙ").
                    break
                if "\n" in m.group() and re.search(r"(?:ое|ая|ый|ий|ые|ие)$", core) \
                        and re.match(r"[ \t]+[а-яё]{3,}", text[word_start + raw_length:limit]):
                    break  # "…района\nРайонное методическое объединение …": a phrase of its own opens the next line
                kind = "name"
            else:
                break
            if previous is None and require_start and kind not in ("place", "adjective"):
                break
            pos = word_start + raw_length - (len(word) - len(core) if word.endswith(".") and kind != "place" else 0)
            if kind in ("place", "name", "abbr"):
                last_good = pos
            previous = kind
        return last_good

    def _school(self, text: str, start: int, end: int, limit: int) -> tuple[int, int] | None:
        """"школа № 44", "шк. № 18", "СОШ №5 им. …", "д/с № 12", "д/с – школа № 44", "ТГТЛ (шк. № 18)"."""
        anchor = text[start:end]
        if re.match(r"д\s?/\s?с", anchor, re.IGNORECASE):
            m = re.match(rf"д\s?/\s?с\s?(?:[{DASHES}]\s?школа\s?)?{NUMBER}", text[start:limit], re.IGNORECASE)
            if m is None:
                return None
            pos = start + m.end()
        else:
            m = re.match(r"\s?\d+[а-яА-Я]?(?![\d])", text[end:limit])
            if m is None:
                return None
            pos = end + m.end()
        for tail in (NAMED_AFTER, PLACE):
            t = re.match(tail, text[pos:limit])
            if t:
                pos += t.end()
        before = text[max(0, start - 14):start]
        paren = re.search(r"([А-ЯЁ][А-ЯЁа-яё]{1,7})\s?\(\s?$", before)
        if paren and text[pos:pos + 2].lstrip().startswith(")"):
            close = text.find(")", pos)
            return start - len(before) + paren.start(), close + 1
        return start, pos

    # --- keys -------------------------------------------------------------------------------------
    def key(self, name: str) -> str:
        return org_key(name, self.lemmatizer)

    def aliases(self, name: str) -> tuple[str, ...]:
        """Initials of the name's first words: "Станция юных натуралистов …" -> "СЮН", "Информационно-методический центр" -> "ИМЦ"."""
        words = [w for w in _core_words(name) if len(w) > 2]
        return tuple("".join(w[0] for w in words[:k]).upper() for k in range(2, min(len(words), 5) + 1))


FUNCTION_WORDS = {"и", "по", "для", "с", "со", "в", "во", "на", "при", "к", "о", "об"}


def _number_in(key: str) -> str | None:
    m = re.search(r"№\s?(\S+)", key)
    return m.group(1) if m else None


def _innermost_quoted(name: str) -> str | None:
    quoted = re.findall(r"[«\"„“]([^«»\"„“”]+)[»\"”]?", name)
    return fold(quoted[-1].strip()) if quoted else None


def _same_quoted_name(short: OrgMention, long_: OrgMention) -> bool:
    """"Центром «Гармония»" and "МБУ «Городской центр … «Гармония»": the same quoted name, and the short one's
    other words are words of the long one's."""
    name = _innermost_quoted(short.name)
    if not name or name != _innermost_quoted(long_.name):
        return False
    quoted_words = set(re.findall(r"[а-яёa-z0-9]+", name))
    rest = [w for w in short.key.split() if w not in quoted_words]
    return bool(rest) and len(rest) <= 2 and all(w in long_.key.split() for w in rest)


def _initials_like(word: str) -> bool:
    return 2 <= len(word) <= 6 and word.isalpha() and not any(ch in "аеёиоуыэюя" for ch in word[1:-1]) or len(word) <= 4


def _abbreviation_of(short: list[str], long_: list[str]) -> bool:
    """Each short word is a long word itself or the initials of the next long words (hyphenated parts count;
    conjunctions and prepositions get no letter; leading words may be left out: ЦППМСП of "Городской центр
    психолого-педагогической, медицинской и социальной помощи")."""
    parts = [p for w in long_ for p in w.split("-") if p and p not in FUNCTION_WORDS]
    # Leaving leading words out is allowed only when the rest is matched to its end: "ЦДТ" is not "(Региональный)
    # центр детского технического (творчества)".
    return _abbreviation_from(short, parts, 0) or any(
        _abbreviation_from(short, parts, start, whole=True) for start in range(1, min(len(parts), 3))
    )


def _abbreviation_from(short: list[str], parts: list[str], i: int, whole: bool = False) -> bool:
    initials = False  # a short name of whole words only ("Минпросвещения России" in "Академия Минпросвещения России") abbreviates nothing
    for word in short:
        if i < len(parts) and parts[i] == word:
            i += 1
            continue
        for n in range(len(word), 1, -1):
            if i + n <= len(parts) and "".join(p[0] for p in parts[i:i + n]) == word:
                i += n
                initials = True
                break
        else:
            return False
    return initials and (i == len(parts) if whole else i >= len(parts) - 4)


def _line_at(text: str, offset: int) -> str:
    end = text.find("\n", offset)
    return text[text.rfind("\n", 0, offset) + 1:len(text) if end < 0 else end]


def at_sentence_start(text: str, offset: int) -> bool:
    return re.search(r"(?:^|[.!?:]\s+|\n\s*)$", text[max(0, offset - 4):offset]) is not None


def _is_common_abbreviation(word: str) -> bool:
    return word in {"ОГЭ", "ЕГЭ", "ГИА", "ВПР", "ФГОС", "УВР", "ВР", "МО", "ОУ", "ОО", "ДОУ", "РФ", "ИКТ", "ВКС"}


def clean_org_name(raw: str) -> str:
    name = squash(re.sub(r"(?<=[А-Яа-яЁё])-[ \t]*\n[ \t]*(?=[А-ЯЁ])", "-", raw)).strip(" ,;:")
    if not re.search(r"(?:^|[\s.])[А-ЯЁ]\.$", name):
        name = name.rstrip(".")  # but an initial keeps its dot: "ИП Иванов И.И."
    if name.count("«") > 0 and name.count("»") == 0:
        name = balance_quotes(name)
    return name


LEGAL_FORM_WORDS = re.compile(
    r"^(?:муниципальн|государственн|областн|краев|федеральн|частн|негосударственн|бюджетн|автономн|казенн|казённ"
    r"|общеобразовательн|образовательн|дошкольн|профессиональн|некоммерческ|республиканск|учреждени|организаци"
    r"|дополнительн|детей|образовани)"
)
KINDS = [
    (re.compile(r"д/с|детск\w* сад|\bдоу\b|\bдс\b"), "детский сад"),
    (re.compile(r"\bсош\b|\bсш\b|\bоош\b|\bнош\b|\bош\b|\bмош\b|\bвсош\b|(?<![а-я])школ|\bшк\b"), "школа"),
    (re.compile(r"гимнази"), "гимназия"),
    (re.compile(r"лице[йяюе]"), "лицей"),
    (re.compile(r"интернат"), "интернат"),
    (re.compile(r"колледж"), "колледж"),
    (re.compile(r"техникум"), "техникум"),
    (re.compile(r"\bцо\b|центр образования"), "центр образования"),
]


def _normalized(name: str) -> str:
    name = fold(name)
    name = re.sub(r"[«»\"„“”()]", " ", name)
    return squash(name)


def _core_words(name: str) -> list[str]:
    """Words of the name without its legal form: the quoted name when there is one."""
    quoted = re.search(r"[«\"„“](.+)", name)
    text = quoted.group(1) if quoted else name
    words = re.findall(r"[А-Яа-яЁёA-Za-z]+", text)
    if not quoted:
        words = [w for w in words if w not in LEGAL_ABBREVIATIONS and not LEGAL_FORM_WORDS.match(w.lower())]
    return [w.lower() for w in words]


def org_key(name: str, lemmatizer: Lemmatizer) -> str:
    """One key for the spellings of one organization (see the module docstring)."""
    normalized = _normalized(name)
    number = re.search(r"№\s?(\d+[а-я]?)", normalized)
    kind = None
    if number:
        head = normalized[: number.start()]
        positions = [(m.start(), label) for rx, label in KINDS for m in [rx.search(head)] if m]
        if positions:
            kind = min(positions)[1]
    if number and kind:
        return f"{kind} №{number.group(1)}"
    original = re.sub(r"[«»\"„“”()]", " ", name.replace("ё", "е").replace("Ё", "Е"))
    tokens = re.findall(r"[0-9A-Za-zА-Яа-я]+(?:[-/][0-9A-Za-zА-Яа-я]+)*|№", original)
    abbreviations = {a.lower() for a in LEGAL_ABBREVIATIONS} | {"до", "дод", "дпо", "во"}
    kept = []
    legal_prefix = True
    tokens = _expand_short_names(tokens)
    for token in tokens:
        lowered = token.lower()
        if legal_prefix and (lowered in abbreviations or LEGAL_FORM_WORDS.match(lowered)):
            continue
        legal_prefix = False
        # Abbreviations are not words to lemmatize ("ФИПИ", "ИМЦ"); a capitalized word is.
        kept.append(lowered if _is_abbreviation(token, lemmatizer) else lemmatizer.lemma(lowered))
    return " ".join(kept)


# Short names of federal bodies and of the country, so spellings share a key: "Минпросвещения России" is
# "Министерство просвещения Российской Федерации".
SHORT_NAMES = [
    (re.compile(r"минпросвещ\w*", re.I), ["министерство", "просвещения"]),
    (re.compile(r"минобрнаук\w*", re.I), ["министерство", "образования", "и", "науки"]),
    (re.compile(r"минобр\w*", re.I), ["министерство", "образования"]),
    (re.compile(r"минздрав\w*", re.I), ["министерство", "здравоохранения"]),
    (re.compile(r"минтруд\w*", re.I), ["министерство", "труда"]),
    (re.compile(r"минспорт\w*", re.I), ["министерство", "спорта"]),
    (re.compile(r"минкультуры", re.I), ["министерство", "культуры"]),
    (re.compile(r"росси[июйя]", re.I), ["РФ"]),
]


def _expand_short_names(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        for rx, words in SHORT_NAMES:
            if rx.fullmatch(token):
                out += words
                break
        else:
            out.append(token)
    # "Российской Федерации" is "РФ" too
    joined = []
    for token in out:
        if token.lower().startswith("федерац") and joined and joined[-1].lower().startswith("российск"):
            joined[-1] = "РФ"
        else:
            joined.append(token)
    return joined


def _is_abbreviation(token: str, lemmatizer: Lemmatizer) -> bool:
    """"ФИПИ", "КДНиЗП", "ИМЦ", "ОК" - but not "УПРАВЛЕНИЕ" written in capitals, nor "Озёрно-Ключевского"
    (two capitals, one per part of a compound)."""
    parts = [p for p in re.split(r"[-/]", token) if p]
    if not any(sum(ch.isupper() for ch in p) >= 2 for p in parts):
        return False
    if not token.isupper():
        return True
    # A short capitalized token is an abbreviation even when it spells a word ("ОК", "РИМ"); a longer one
    # is a word written in capitals when the dictionary knows it.
    return len(token) <= 3 or (len(token) <= 7 and not lemmatizer.is_known(token.lower()))


def same_org(a: str, b: str) -> bool:
    """Keys of one organization: equal, or one a word-prefix of the other ("отдел образование" in a longer one)."""
    if a == b:
        return True
    if "№" in a or "№" in b:
        return False
    wa, wb = a.split(), b.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return len(short) >= 2 and long_[: len(short)] == short


def group_of(text: str, start: int) -> str | None:
    """The heading a listed organization stands under ("Кластер ШНРО: 3 (50%)" -> "Кластер ШНРО")."""
    line_start = text.rfind("\n", 0, start) + 1
    if not re.match(rf"\s*(?:\d{{1,3}}[.)]|[•·*{DASHES}])\s*$", text[line_start:start]):
        return None
    pos = line_start
    while pos > 0:
        prev_start = text.rfind("\n", 0, pos - 1) + 1
        line = text[prev_start:pos - 1] if pos - 1 >= prev_start else ""
        stripped = line.strip()
        pos = prev_start
        if not stripped or re.match(rf"(?:\d{{1,3}}[.)]|[•·*{DASHES}])\s*\S", stripped):
            continue
        m = re.fullmatch(r"(?P<group>[^:\n]{2,60}?)\s*:\s*(?:\d+\s*(?:\(\s*\d+[.,]?\d*\s*%\s*\))?)?", stripped)
        return squash(m["group"]) if m else None
    return None
