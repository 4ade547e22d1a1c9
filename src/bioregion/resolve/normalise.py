"""Organisation names, cities and web addresses in a form that can be compared.

The same organisation is written many ways across sources: ``KATHOLIEKE UNIVERSITEIT
LEUVEN`` (CORDIS), ``KU Leuven`` (ROR), ``K.U.Leuven`` (a trial site), ``Janssen
Pharmaceutica N.V.`` and ``Janssen``. These functions remove what does not tell two
organisations apart (case, accents, punctuation, legal forms, filler words) and map
words that differ only by language to one form, so that the matcher compares what is
left. They never decide a match on their own: :mod:`bioregion.resolve.match` feeds
their output to the linkage model as separate comparisons.

Pure Python, no optional dependency: the store and the importers may use them too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "LEGAL_FORMS",
    "LEGAL_FORM_COUNTRIES",
    "acronym",
    "acronym_keys",
    "city_key",
    "form_fits_country",
    "has_place_note",
    "legal_form",
    "name_keys",
    "name_tokens",
    "normalise_identifier",
    "normalise_name",
    "normalise_text",
    "rare_tokens",
    "source_of",
    "split_bracketed",
    "strip_legal_forms",
    "website_domain",
]


def _words(text: str) -> list[str]:
    """The words of a text written as one string (vocabularies below)."""
    return text.split()


# Runs of several tokens, longest first (checked before single tokens).
_LEGAL_RUNS: tuple[tuple[str, ...], ...] = (
    ("societe", "in", "comandita", "simpla"),
    ("societate", "in", "comandita", "simpla"),
    ("and", "co"),
    ("public", "limited", "company"),
    ("vereniging", "zonder", "winstoogmerk"),
    ("association", "sans", "but", "lucratif"),
    ("internationale", "vereniging", "zonder", "winstoogmerk"),
    ("societe", "anonyme"),
    ("kommanditgesellschaft", "auf", "aktien"),
    ("gesellschaft", "mit", "beschrankter", "haftung"),
    ("societa", "per", "azioni"),
    ("naamloze", "vennootschap"),
    ("besloten", "vennootschap"),
    ("societe", "cooperative"),
    ("cooperatieve", "vennootschap"),
    ("sp", "z", "o", "o"),
    ("co", "ltd"),
    ("co", "inc"),
    ("a", "s"),
    ("comm", "v"),
)
_LEGAL_SINGLE = frozenset(
    _words(
        "nv sa bv bvba srl sprl scrl scrlfs cvba cvoa commv scomm gcv vof snc scs sca "
        "vzw ivzw asbl aisbl ag gmbh ggmbh mbh kg kgaa ug ev inc incorporated corp "
        "corporation ltd limited llc lp llp plc pty pvt sas sasu sarl eurl spa sl slu "
        "ab asa oy oyj aps kk kft zrt sro bhd pte se eeig ewiv as co "
        "aktiengesellschaft"
    )
)

#: Legal forms (normalised words, or runs of words) dropped from the end of a name.
LEGAL_FORMS: frozenset[str] = _LEGAL_SINGLE | frozenset(" ".join(run) for run in _LEGAL_RUNS)

#: Words that differ only by language, mapped to one (English) form.
_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(
        _words(
            "universiteit universite universitaet universitat universita universidad "
            "universidade uniwersytet univerzita universitet universiti universitesi "
            "univ"
        ),
        "university",
    ),
    **dict.fromkeys(
        _words(
            "universitair universitaire universitario universitaria universitaires "
            "universitaires universitaren universitaet"
        ),
        "university",
    ),
    **dict.fromkeys(
        ["katholieke", "catholique", "cattolica", "catolica", "katholische"], "catholic"
    ),
    # Not "vrije" / "libre": the Vrije Universiteit Brussel and the Université Libre de
    # Bruxelles are two universities whose names translate each other.
    **dict.fromkeys(
        _words(
            "ziekenhuis ziekenhuizen hopital hopitaux hospitaal ospedale hospitales "
            "krankenhaus hospitals"
        ),
        "hospital",
    ),
    **dict.fromkeys(["instituut", "institut", "instituto", "istituto", "institutet"], "institute"),
    **dict.fromkeys(["centrum", "centre", "centro", "zentrum", "centers", "centres"], "center"),
    **dict.fromkeys(["onderzoek", "recherche", "recherches", "forschung", "ricerca"], "research"),
    **dict.fromkeys(["nationaal", "nationale", "nazionale", "nacional"], "national"),
    **dict.fromkeys(["koninklijk", "koninklijke", "royale", "royal"], "royal"),
    **dict.fromkeys(["vlaams", "vlaamse", "flamand", "flamande"], "flemish"),
    **dict.fromkeys(["waals", "waalse", "wallon", "wallonne"], "walloon"),
    **dict.fromkeys(["europees", "europese", "europeen", "europeenne", "europaische"], "european"),
    **dict.fromkeys(
        ["pharmaceutica", "pharmaceutique", "pharmaceutiques", "pharmazeutika", "pharmaceutical"],
        "pharmaceuticals",
    ),
    **dict.fromkeys(["laboratorium", "laboratoire", "laboratoires", "laboratories", "labs"], "lab"),
    **dict.fromkeys(
        ["stichting", "fondation", "fundacion", "fondazione", "stiftung"], "foundation"
    ),
    **dict.fromkeys(["hogeschool"], "college"),
    # Cities inside names (not Leuven / Louvain: KU Leuven and UCLouvain are two).
    **dict.fromkeys(["gent", "gand"], "ghent"),
    **dict.fromkeys(["brussel", "bruxelles"], "brussels"),
    **dict.fromkeys(["antwerpen", "anvers"], "antwerp"),
    "luik": "liege",
    "namen": "namur",
}
#: Generic words that Belgian names shorten to an initial (KU Leuven, UZ Brussel, UGent).
_GENERIC = frozenset(
    ["university", "catholic", "free", "hospital", "institute", "college", "center"]
)
#: Words dropped before comparing (articles and prepositions of the region's languages).
_STOPWORDS = frozenset(
    _words(
        "the of de van voor het der den des du la le les l d di del della da dos das "
        "von fur zu a an at in for on aan bij op te and und en et y e degli delle "
        "dello studi"
    )
)
#: Words that describe a firm's trade rather than name it; dropped for the core key only.
_DESCRIPTORS = frozenset(
    _words(
        "pharmaceuticals pharma biopharma biopharmaceuticals therapeutics biotech "
        "biotechnology biosciences bioscience biologics life sciences group holding "
        "holdings company international lab services industries europe belgium "
        "benelux research development rd healthcare medical"
    )
)
# A run of capitals glued to a capitalised word: "UCLouvain" -> "UC Louvain".
_GLUED_CAPITALS = re.compile(r"\b([A-Z]{1,4})([A-Z][a-z]{2,})")
# Initials with dots: "K.U.Leuven" -> "KU Leuven", "S.A." -> "SA".
_DOTTED = re.compile(r"\b((?:[A-Za-z]\.){2,})")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalise_text(text: str) -> str:
    """Lower case, accents and punctuation removed, words separated by one space.

    >>> normalise_text("  Université  Libre-de-Bruxelles ")
    'universite libre de bruxelles'
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.casefold().replace("&", " and ").replace("'", " ")
    return " ".join(_NON_WORD.sub(" ", plain).split())


#: Words that, alone in brackets after a name, say where rather than who: "(Belgium)".
_PLACE_NOTES = frozenset(
    _words(
        "belgium belgique belgie belgien france germany deutschland netherlands "
        "nederland usa us uk united kingdom switzerland suisse schweiz japan china "
        "italy spain europe"
    )
)
_BRACKETS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
# An acronym after a dash: "European Organisation for ... of Cancer - EORTC".
_DASHED_ACRONYM = re.compile(r"\s+[-\u2013]\s+([A-Z][A-Z0-9&]{1,9})\s*$")
# Site numbers of ClinicalTrials.gov facilities: "UZ Brussel /ID# 253866", "Site 0035".
_SITE_NUMBER = re.compile(r"\s*(/\s*id\s*#?\s*\d+|\bsite\s*#?\s*\d+)\s*$", re.IGNORECASE)


def split_bracketed(name: str) -> tuple[str, list[str]]:
    """The name without what it says in brackets, and the bracketed parts that are names.

    >>> split_bracketed("SCK CEN (Belgian Nuclear Research Centre)")
    ('SCK CEN', ['Belgian Nuclear Research Centre'])
    >>> split_bracketed("UCB Pharma (Belgium)")
    ('UCB Pharma', [])
    >>> split_bracketed("UZ Brussel /ID# 253866")
    ('UZ Brussel', [])
    >>> split_bracketed("European Organisation for Research and Treatment of Cancer - EORTC")
    ('European Organisation for Research and Treatment of Cancer', ['EORTC'])
    """
    text = _SITE_NUMBER.sub("", str(name))
    dashed = _DASHED_ACRONYM.search(text)
    inner = [dashed.group(1)] if dashed else []
    text = _DASHED_ACRONYM.sub("", text)
    inner += [a or b for a, b in _BRACKETS.findall(text)]
    main = " ".join(_BRACKETS.sub(" ", text).split())
    if not normalise_text(main):
        return " ".join(text.split()), []
    names = [
        x.strip() for x in inner if normalise_text(x) and normalise_text(x) not in _PLACE_NOTES
    ]
    return main, names


def has_place_note(name: str) -> bool:
    """Whether a name says in brackets where its organisation is: ``Biogen (Belgium)``,
    ``AMGEN (EUROPE) GMBH`` (how registries name a group's national units).

    >>> has_place_note("GlaxoSmithKline (Belgium)"), has_place_note("GlaxoSmithKline (GSK)")
    (True, False)
    """
    return any(normalise_text(a or b) in _PLACE_NOTES for a, b in _BRACKETS.findall(str(name)))


# What a name may begin with that is not the organisation's name: the person's initial of
# a firm named after its founder ("F. Hoffmann-La Roche", "H. Lundbeck"), and the
# formula by which some universities are incorporated ("The Chancellor, Masters and
# Scholars of the University of Oxford", "The Regents of the University of California").
_LEADING_INITIAL = re.compile(r"^\s*[A-Za-z]\.\s*(?=[A-Za-z]{2,})")
_GOVERNING_BODY = re.compile(
    r"^\s*(the\s+)?(chancellor,?\s+masters,?\s+and\s+scholars|regents|board\s+of\s+regents|"
    r"board\s+of\s+trustees|trustees|president\s+and\s+fellows|university\s+court)"
    r"\s+of\s+(?=\S)",
    re.IGNORECASE,
)


def _without_preamble(name: str) -> str:
    """The name without a founder's initial or a governing body's formula before it.

    >>> _without_preamble("F. Hoffmann-La Roche AG")
    'Hoffmann-La Roche AG'
    >>> _without_preamble("The Chancellor, Masters and Scholars of the University of Oxford")
    'the University of Oxford'
    """
    stripped = _GOVERNING_BODY.sub("", _LEADING_INITIAL.sub("", name, count=1), count=1)
    return stripped if normalise_text(stripped) else name


def _split_words(name: str) -> list[str]:
    """Raw words of a name: glued capitals split, dotted initials joined, a founder's
    initial or a governing body's formula before the name dropped."""
    name = _without_preamble(split_bracketed(name)[0])
    decomposed = unicodedata.normalize("NFKD", str(name))
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    text = _DOTTED.sub(lambda m: m.group(1).replace(".", "") + " ", text)
    text = _GLUED_CAPITALS.sub(r"\1 \2", text)
    words = normalise_text(text).split()
    return _join_single_letters(words)


def _join_single_letters(words: list[str]) -> list[str]:
    """``k u leuven`` -> ``ku leuven``: runs of one-letter words are one acronym."""
    out: list[str] = []
    run = ""
    for word in words:
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if run:
            out.append(run)
            run = ""
        out.append(word)
    if run:
        out.append(run)
    return out


def strip_legal_forms(words: list[str]) -> list[str]:
    """The words without legal forms at the end (``nv``, ``s a``, ``co ltd``...).

    A name made only of a legal form is kept as it is.

    >>> strip_legal_forms(["janssen", "pharmaceutica", "nv"])
    ['janssen', 'pharmaceutica']
    >>> strip_legal_forms(["sa"])
    ['sa']
    """
    kept = list(words)
    changed = True
    while changed and len(kept) > 1:
        changed = False
        for run in _LEGAL_RUNS:
            if len(kept) > len(run) and tuple(kept[-len(run) :]) == run:
                del kept[-len(run) :]
                changed = True
                break
        if not changed and kept[-1] in _LEGAL_SINGLE:
            kept.pop()
            changed = True
    return kept


#: Legal forms that are one form in two languages or spellings, mapped to one.
_FORM_EQUIVALENTS: dict[str, str] = {
    **dict.fromkeys(["nv", "sa", "nv sa", "societe anonyme", "naamloze vennootschap"], "nv/sa"),
    **dict.fromkeys(["bv", "bvba", "srl", "sprl", "besloten vennootschap"], "bv/srl"),
    **dict.fromkeys(["cv", "cvba", "scrl", "scrlfs", "cvoa"], "cv/sc"),
    **dict.fromkeys(["vzw", "asbl", "vereniging zonder winstoogmerk"], "vzw/asbl"),
    **dict.fromkeys(["ivzw", "aisbl"], "ivzw/aisbl"),
    **dict.fromkeys(["ag", "aktiengesellschaft"], "ag"),
    **dict.fromkeys(["inc", "incorporated", "corp", "corporation", "co inc"], "inc"),
    **dict.fromkeys(["ltd", "limited", "co ltd"], "ltd"),
    **dict.fromkeys(["plc", "public limited company"], "plc"),
    **dict.fromkeys(["as", "a s"], "as"),
    **dict.fromkeys(["kgaa", "kommanditgesellschaft auf aktien"], "kgaa"),
    **dict.fromkeys(["gmbh", "mbh", "gesellschaft mit beschrankter haftung"], "gmbh"),
    **dict.fromkeys(["spa", "societa per azioni"], "spa"),
}

#: Countries of the EU and the EEA and the United Kingdom (ISO 3166 codes): none has a
#: company form written *Inc.* (Switzerland has: *Alcon Inc.* is a Swiss company).
_EUROPE = frozenset(
    _words(
        "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK IS NO GB"
    )
)
#: Legal forms (as :func:`legal_form` writes them) that exist only in some countries,
#: after the ISO 20275 list of entity legal forms by jurisdiction: a *K.K.* is Japanese,
#: an *AB* Swedish or Finnish, a *GmbH* German, Austrian, Swiss or Liechtenstein's. A
#: form not listed here (``ltd``, ``sa``, ``srl``...) is used in too many countries to
#: say anything. ``inc`` (Inc., Corp.) and ``llc`` are a company form of no country of
#: the EU, the EEA or the United Kingdom: such a record with either is another company.
LEGAL_FORM_COUNTRIES: dict[str, frozenset[str]] = {
    "kk": frozenset({"JP"}),
    "ab": frozenset({"SE", "FI"}),
    "oy": frozenset({"FI"}),
    "oyj": frozenset({"FI"}),
    "aps": frozenset({"DK"}),
    "asa": frozenset({"NO"}),
    "gmbh": frozenset({"DE", "AT", "CH", "LI"}),
    "ggmbh": frozenset({"DE"}),
    "ug": frozenset({"DE"}),
    "kgaa": frozenset({"DE", "AT", "LU"}),
    "ag": frozenset({"DE", "AT", "CH", "LI", "LU"}),
    "plc": frozenset({"GB", "IE"}),
    "vzw/asbl": frozenset({"BE", "LU"}),
    "ivzw/aisbl": frozenset({"BE"}),
    "sas": frozenset({"FR"}),
    "sasu": frozenset({"FR"}),
    "spa": frozenset({"IT"}),
    "sl": frozenset({"ES"}),
    "slu": frozenset({"ES"}),
    "kft": frozenset({"HU"}),
    "zrt": frozenset({"HU"}),
    "sro": frozenset({"CZ", "SK"}),
    "bhd": frozenset({"MY"}),
    "pte": frozenset({"SG"}),
}
_NOT_EUROPEAN_FORMS = frozenset({"inc", "llc"})


def form_fits_country(form: str | None, country: str | None) -> bool:
    """Whether a company of legal form ``form`` can be registered in ``country``
    (ISO 3166 code); true when either is unknown or the form is used too widely.

    >>> form_fits_country("kk", "GB"), form_fits_country("plc", "GB")
    (False, True)
    >>> form_fits_country("inc", "BE"), form_fits_country("inc", "JP")
    (False, True)
    """
    if not form or not country:
        return True
    if form in _NOT_EUROPEAN_FORMS:
        return country not in _EUROPE
    allowed = LEGAL_FORM_COUNTRIES.get(form)
    return allowed is None or country in allowed


#: Words stripped with the legal forms that are no form themselves ("& Co." = and company).
_NOT_A_FORM = frozenset(["and", "co"])


def legal_form(name: str) -> str:
    """The legal form at the end of a name, one spelling per form; empty if none.

    ``NV`` and ``SA`` are one form (Belgium's two languages), as are ``Inc`` and
    ``Corp``; two records of one organisation rarely carry two different forms.

    >>> legal_form("Janssen Pharmaceutica N.V."), legal_form("UCB S.A.")
    ('nv/sa', 'nv/sa')
    >>> legal_form("Pfizer Limited"), legal_form("PFIZER INC"), legal_form("Pfizer")
    ('ltd', 'inc', '')
    >>> legal_form("Merck & Co. (MSD)"), legal_form("Merck & Co., Inc.")
    ('', 'inc')
    """
    words = _split_words(name)
    kept = strip_legal_forms(words)
    dropped = words[len(kept) :]
    while dropped and dropped[0] in _NOT_A_FORM:  # "Merck & Co., Inc." -> inc
        dropped = dropped[1:]
    if not dropped:
        return ""
    for size in range(len(dropped), 0, -1):
        tail = " ".join(dropped[-size:])
        if tail in LEGAL_FORMS:
            return _FORM_EQUIVALENTS.get(tail, tail)
    return _FORM_EQUIVALENTS.get(dropped[-1], dropped[-1])


def name_tokens(name: str) -> list[str]:
    """The comparable words of a name: legal forms, stopwords dropped, synonyms mapped.

    >>> name_tokens("Katholieke Universiteit Leuven")
    ['catholic', 'university', 'leuven']
    >>> name_tokens("Université catholique de Louvain")
    ['university', 'catholic', 'louvain']
    """
    words = strip_legal_forms(_split_words(name))
    out = []
    for word in words:
        if word in _STOPWORDS:
            continue
        word = _SYNONYMS.get(word, word)
        if word:
            out.append(word)
    return out or words


def normalise_name(name: str) -> str:
    """The name as compared: :func:`name_tokens` joined by spaces.

    >>> normalise_name("JANSSEN PHARMACEUTICA N.V.")
    'janssen pharmaceuticals'
    >>> normalise_name("K.U.Leuven") == normalise_name("KU Leuven")
    True
    """
    return " ".join(name_tokens(name))


def acronym(name: str) -> str:
    """Initials of the name's words without legal forms and stopwords.

    >>> acronym("Vrije Universiteit Brussel")
    'vub'
    """
    words = [w for w in strip_legal_forms(_split_words(name)) if w not in _STOPWORDS]
    if len(words) < 2:
        return ""
    return "".join(w[0] for w in words)


def _initials_and_place(name: str) -> str:
    """``Katholieke Universiteit Leuven`` -> ``ku leuven``; ``Ghent University`` -> ``u ghent``.

    How Belgian universities and hospitals shorten their names (KU Leuven, UZ Leuven,
    UCLouvain, UGent): the initials of the generic words (university, catholic,
    hospital, ... in any of the region's languages), then the other words. Empty when
    the name has no generic word or nothing else.
    """
    words = [w for w in strip_legal_forms(_split_words(name)) if w not in _STOPWORDS]
    generic = [w for w in words if _SYNONYMS.get(w, w) in _GENERIC]
    rest = [_SYNONYMS.get(w, w) for w in words if _SYNONYMS.get(w, w) not in _GENERIC]
    rest = [w for w in rest if w]
    if not generic or not rest:
        return ""
    return "".join(w[0] for w in generic) + " " + " ".join(rest)


def acronym_keys(acronyms: Iterable[str]) -> list[str]:
    """Acronyms (ROR acronyms, CORDIS short names) as keys, with and without spaces.

    >>> acronym_keys(["K.U. Leuven", "VIB"])
    ['ku leuven', 'kuleuven', 'vib']
    """
    keys: list[str] = []
    for short in acronyms:
        words = strip_legal_forms(_split_words(short))
        if words:
            keys += [" ".join(words), "".join(words)]
    return [k for k in dict.fromkeys(keys) if k]


def name_keys(name: str, *, aliases: Iterable[str] = (), acronyms: Iterable[str] = ()) -> list[str]:
    """The distinct keys two names of one organisation are expected to share.

    The normalised name, its words in alphabetical order, the core name (trade words
    such as *pharmaceuticals* or *biotech* dropped: ``Janssen Pharmaceutica NV`` ->
    ``janssen``), the *initials + place* form (``Katholieke Universiteit Leuven`` ->
    ``ku leuven``), and the same for every alias and for names in brackets; acronyms
    (:func:`acronym_keys`) are added as they are and without spaces. Sharing a key is
    one level of the name comparison, not a match by itself.

    >>> name_keys("Katholieke Universiteit Leuven")
    ['catholic university leuven', 'ku leuven', 'catholic leuven university']
    >>> "ku leuven" in name_keys("K.U.Leuven")
    True
    >>> name_keys("Janssen Pharmaceutica NV")
    ['janssen pharmaceuticals', 'janssen']
    """
    keys: list[str] = []
    for text in [name, *split_bracketed(name)[1], *aliases]:
        if not text or not str(text).strip():
            continue
        tokens = name_tokens(text)
        core = [t for t in tokens if t not in _DESCRIPTORS]
        keys += [" ".join(tokens), " ".join(core), _initials_and_place(text)]
        keys.append(" ".join(sorted(tokens)))
    keys += acronym_keys(acronyms)
    return [k for k in dict.fromkeys(keys) if k]


#: Cities written in several languages (and municipalities of one city), one key each.
_CITY_VARIANTS: dict[str, str] = {
    **dict.fromkeys(
        [
            *_words("bruxelles brussel brussels ixelles elsene etterbeek jette anderlecht"),
            *_words("schaerbeek schaarbeek uccle ukkel auderghem oudergem forest vorst"),
            *["evere", "ganshoren", "koekelberg", "laeken", "laken", "haren", "molenbeek"],
            "woluwe saint lambert",
            "sint lambrechts woluwe",
            "woluwe saint pierre",
            "sint pieters woluwe",
            "saint gilles",
            "sint gillis",
            "saint josse ten noode",
            "sint joost ten node",
            "molenbeek saint jean",
            "sint jans molenbeek",
            "berchem sainte agathe",
            "sint agatha berchem",
            "watermael boitsfort",
            "watermaal bosvoorde",
            "neder over heembeek",
            "ixelles bruxelles",
        ],
        "brussels",
    ),
    **dict.fromkeys(["gent", "ghent", "gand"], "ghent"),
    **dict.fromkeys(["antwerpen", "antwerp", "anvers"], "antwerp"),
    **dict.fromkeys(["leuven", "louvain", "heverlee", "kessel lo", "wilsele"], "leuven"),
    **dict.fromkeys(["liege", "luik", "luttich"], "liege"),
    **dict.fromkeys(["mons", "bergen"], "mons"),
    **dict.fromkeys(["namur", "namen"], "namur"),
    **dict.fromkeys(["kortrijk", "courtrai"], "kortrijk"),
    **dict.fromkeys(["mechelen", "malines"], "mechelen"),
    **dict.fromkeys(["brugge", "bruges"], "bruges"),
    **dict.fromkeys(["ieper", "ypres"], "ieper"),
    **dict.fromkeys(["louvain la neuve", "ottignies louvain la neuve"], "louvain la neuve"),
}


def city_key(city: str) -> str:
    """A city as compared: normalised, its language variants and districts mapped to one.

    >>> city_key("BRUXELLES") == city_key("Woluwe-Saint-Lambert") == "brussels"
    True
    >>> city_key("Louvain")
    'leuven'
    """
    text = normalise_text(city)
    text = re.sub(r"\b(cedex|\d+)\b", " ", text)
    text = " ".join(text.split())
    return _CITY_VARIANTS.get(text, text)


#: Source namespaces of connector ids; an id without one is hand-curated.
SOURCE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("cordis-pic-", "cordis"),
    ("ror-", "ror"),
    ("ctgov-", "ctgov"),
    ("openalex-", "openalex"),
    ("edgar-cik-", "edgar"),
)


def source_of(actor_id: str) -> str:
    """The source namespace of an actor id (``cordis``, ``ror``...), ``curated`` if none.

    >>> source_of("cordis-pic-999991334"), source_of("kuleuven")
    ('cordis', 'curated')
    """
    for prefix, name in SOURCE_PREFIXES:
        if str(actor_id).startswith(prefix):
            return name
    return "curated"


_EMPTY_IDS = frozenset({"-", ".", "n/a", "na", "none", "not applicable"})


def normalise_identifier(scheme: str, value: object) -> str | None:
    """An identifier as compared: ROR ids without the URL, VAT and LEI without spaces
    or dots, PIC and CIK without leading zeros; None for an empty or placeholder value.

    >>> normalise_identifier("ror", "https://ror.org/05f950310/")
    '05f950310'
    >>> normalise_identifier("vat", "BE 0419.052.173"), normalise_identifier("cik", "0000200406")
    ('BE0419052173', '200406')
    """
    text = str(value or "").strip()
    if not text or text.casefold() in _EMPTY_IDS:
        return None
    if scheme == "ror":
        text = text.rstrip("/").rsplit("/", 1)[-1].casefold()
    elif scheme in {"vat", "lei", "wikidata", "openalex"}:
        text = "".join(c for c in text.upper() if c.isalnum())
        text = text.rsplit("ORG", 1)[-1] if scheme == "openalex" else text
    elif scheme in {"pic", "cik"}:
        text = text.lstrip("0") or "0"
    return text or None


def rare_tokens(names: list, *, keep: int = 2, share: float = 0.02) -> list:
    """The ``keep`` rarest words of each name's tokens (None for a name without one).

    Rare: in at most ``share`` of the names (or 5); rarest first, then longest, then
    alphabetical; words of two letters or fewer are left out. Used to block on.

    >>> rare_tokens([["ghent", "university"], ["university", "hasselt"], ["university"]],
    ...             share=0.5)
    [['ghent'], ['hasselt'], None]
    """
    counts: dict[str, int] = {}
    for words in names:
        for word in set(words or ()):
            counts[word] = counts.get(word, 0) + 1
    cap = max(5, share * len(names)) if len(names) > 10 else share * len(names)
    out = []
    for words in names:
        usable = sorted(
            {w for w in words or () if len(w) > 2 and counts[w] <= cap},
            key=lambda w: (counts[w], -len(w), w),
        )
        out.append(usable[:keep] or None)
    return out


_SECOND_LEVEL = frozenset(["ac", "co", "com", "org", "gov", "edu", "net", "gouv"])


def website_domain(url: str) -> str:
    """The registered domain of a web address, lower case, without ``www``.

    >>> website_domain("https://www.kuleuven.be/english/")
    'kuleuven.be'
    >>> website_domain("http://www.ulb.ac.be")
    'ulb.ac.be'
    >>> website_domain("plm.automation.siemens.com")
    'siemens.com'
    """
    text = str(url or "").strip().casefold()
    if not text:
        return ""
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
    host = re.split(r"[/?#:]", text, maxsplit=1)[0].strip(".")
    labels = [x for x in host.split(".") if x]
    if len(labels) < 2:
        return ""
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])
