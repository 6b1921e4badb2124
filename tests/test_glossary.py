"""Tests of the trilingual glossary (:mod:`kgi_lab.glossary`, ``datasets/glossary.yaml``).

The figures quoted in definitions are re-derived here from the published numbers they come from
(the 2014 policy's FY2012 incinerator table, the City of Kawasaki Ukishima record, the 0.0258 kL/GJ
crude-oil factor), so a definition cannot drift from its source unnoticed.
"""

from __future__ import annotations

import copy
import re

import pandas as pd
import pytest
import yaml

from kgi_lab import datasets, glossary
from kgi_lab._io import sha256_file

MODULES = {
    "solar_resource",
    "pv_yield",
    "air_quality_network",
    "heat_network",
    "waste_to_energy",
    "transfer_to_your_city",
}

#: The terms the brief requires, as a trainee would type them -> the id they must find.
REQUIRED = {
    "環境基準": "environmental_quality_standard",
    "2%除外値": "two_pct_exclusion_value",
    "98%値": "p98_value",
    "有効測定日": "valid_measurement_day",
    "一般環境大気測定局": "general_station",
    "一般局": "general_station",
    "自動車排出ガス測定局": "roadside_station",
    "自排局": "roadside_station",
    "日平均値": "daily_mean",
    "年平均値": "annual_mean",
    "光化学オキシダント": "photochemical_oxidants",
    "浮遊粒子状物質": "spm",
    "SPM": "spm",
    "微小粒子状物質": "pm25",
    "PM2.5": "pm25",
    "二酸化窒素": "no2",
    "二酸化硫黄": "so2",
    "一酸化炭素": "co",
    "測定時間": "measurement_hours_6000",
    "長期的評価": "long_term_evaluation",
    "短期的評価": "short_term_evaluation",
    "原油換算": "crude_oil_equivalent",
    "発電端": "gross_generation",
    "送電端": "net_generation",
    "パワーコンディショナ": "power_conditioner",
    "PCS": "power_conditioner",
    "太陽光発電": "pv_power_generation",
    "全天日射量": "ghi",
    "GHI": "ghi",
    "直達日射量": "dni",
    "DNI": "dni",
    "散乱日射量": "dhi",
    "DHI": "dhi",
    "傾斜面日射量": "poa",
    "POA": "poa",
    "日照時間": "sunshine_duration",
    "設備利用率": "capacity_factor",
    "capacity factor": "capacity_factor",
    "システム出力係数": "performance_ratio",
    "performance ratio": "performance_ratio",
    "比発電量": "specific_yield",
    "specific yield": "specific_yield",
    "劣化率": "degradation_rate",
    "固定価格買取制度": "feed_in_tariff",
    "FIT": "feed_in_tariff",
    "排出係数": "emission_factor",
    "電気事業者別排出係数": "utility_emission_factor",
    "高位発熱量": "hhv",
    "HHV": "hhv",
    "低位発熱量": "lhv",
    "LHV": "lhv",
    "蒸気": "steam",
    "過熱蒸気": "superheated_steam",
    "飽和蒸気": "saturated_steam",
    "熱導管": "steam_pipeline",
    "蒸気導管": "steam_pipeline",
    "地域熱供給": "district_heat_supply",
    "産業共生": "industrial_symbiosis",
    "エコタウン": "eco_town",
    "ごみ焼却処理施設": "incineration_plant",
    "処理センター": "incineration_plant",
    "ごみ発電": "waste_to_energy_generation",
    "発電効率": "generation_efficiency",
    "energy recovery rate": "energy_recovery_rate",
    "power generation efficiency": "generation_efficiency",
    "売電": "power_sold",
    "買電": "power_purchased",
    "自家発電": "self_generation",
    "川崎メカニズム": "kawasaki_mechanism",
    "Kawasaki Mechanism": "kawasaki_mechanism",
    "低CO2川崎ブランド": "low_co2_kawasaki_brand",
    "グリーン・イノベーション": "green_innovation",
    "年度": "fiscal_year",
    "大気汚染防止法": "air_pollution_control_act",
    "総量規制": "total_emission_control",
    "AQI": "aqi",
    "空气质量指数": "aqi",
    "IAQI": "iaqi",
    "空气质量分指数": "iaqi",
    "interval label": "interval_label",
}


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return glossary.load()


@pytest.fixture(scope="module")
def raw() -> dict:
    return yaml.safe_load(datasets.path("glossary").read_text(encoding="utf-8"))


# --- the shipped file ----------------------------------------------------------------------------


def test_catalog_entry_matches_the_file():
    entry = datasets.catalog()["glossary"]
    assert entry.file == "glossary.yaml"
    assert entry.format == "yaml"
    assert entry.kind in datasets.KINDS
    assert entry.sha256 == sha256_file(datasets.path("glossary"))
    n_c = int((glossary.load()["quality"] == "C").sum())
    assert f"{n_c} of the {len(glossary.load())} terms are C" in entry.description


def test_size_index_and_columns(frame):
    assert 45 <= len(frame) <= 80
    assert frame.index.name == "id"
    assert frame.index.is_unique
    assert list(frame.columns) == [
        "en",
        "ja",
        "ja_reading",
        "zh",
        "definition",
        "modules",
        "aliases",
        "source",
        "quality",
    ]
    assert frame.attrs["dataset"] == "glossary"
    assert frame.attrs["sha256"] == datasets.catalog()["glossary"].sha256


def test_every_term_has_every_field(frame):
    for ident, row in frame.iterrows():
        assert re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", ident)
        for field in ("en", "ja", "ja_reading", "zh", "definition", "source"):
            assert isinstance(row[field], str) and row[field].strip(), (ident, field)
        assert row["quality"] in glossary.QUALITIES, ident
        assert isinstance(row["aliases"], tuple), ident
        assert row["ja_reading"].isascii() or re.fullmatch(
            r"[A-Za-zāīūēō' ,()\-]+", row["ja_reading"]
        )


def test_every_term_has_valid_modules(frame):
    assert set(glossary.MODULES) == MODULES
    for ident, mods in frame["modules"].items():
        assert mods and set(mods) <= MODULES, ident
    # every module has a usable vocabulary
    for module in MODULES:
        assert len(glossary.terms(module)) >= 8, module


def test_definitions_are_one_to_three_sentences(frame):
    for ident, text in frame["definition"].items():
        cleaned = re.sub(r"\b(e\.g|i\.e)\.", "x", text)
        sentences = re.findall(r"[.!?](?:\s|$)", cleaned)
        assert 1 <= len(sentences) <= 3, (ident, len(sentences))


@pytest.mark.parametrize(("name", "ident"), sorted(REQUIRED.items()))
def test_required_terms_are_found(name, ident):
    assert glossary.lookup(name).id == ident


def test_chinese_terms_of_the_national_standards():
    """GB 3095-2012 / HJ 633-2012 / HJ 664-2013 names (kawasaki-facts.md §3b-§3c)."""
    assert glossary.lookup("no2").zh == "二氧化氮"
    assert glossary.lookup("so2").zh == "二氧化硫"
    assert glossary.lookup("co").zh == "一氧化碳"
    assert glossary.lookup("aqi").zh == "空气质量指数"
    assert glossary.lookup("iaqi").zh == "空气质量分指数"
    assert glossary.lookup("roadside_station").zh == "路边交通点"
    assert glossary.lookup("pm25").id == glossary.lookup("颗粒物（粒径小于等于2.5μm）").id


# --- lookup --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ident", "names"),
    [
        (
            "two_pct_exclusion_value",
            [
                "2 % exclusion value",
                "2%除外値",
                "２％除外値",
                "2 ％ 除外値",
                "年間2%除外値",
                "年2%剔除值",
                "ni-pāsento jogaichi",
                "ni pasento jogaichi",
                "two_pct_exclusion_value",
                "2 % EXCLUSION VALUE",
            ],
        ),
        (
            "roadside_station",
            ["roadside station", "自動車排出ガス測定局", "自排局", "路边交通点", "jihaikyoku"],
        ),
        ("environmental_quality_standard", ["環境基準", "kankyō kijun", "kankyo kijun", "EQS"]),
        (
            "low_co2_kawasaki_brand",
            ["低CO2川崎ブランド", "低CO₂川崎ブランド", "低ＣＯ２川崎ブランド"],
        ),
        ("green_innovation", ["グリーン・イノベーション", "グリーンイノベーション"]),
        ("pm25", ["PM2.5", "PM₂.₅", "pm 2.5", "微小粒子状物質", "细颗粒物"]),
    ],
)
def test_every_language_and_variant_finds_the_same_term(ident, names):
    assert {glossary.lookup(n).id for n in names} == {ident}


def test_lookup_returns_a_frozen_term():
    term = glossary.lookup("自排局")
    assert isinstance(term, glossary.Term)
    assert term.en == "roadside station"
    assert term.ja == "自動車排出ガス測定局"
    assert "自排局" in term.aliases
    with pytest.raises(AttributeError):
        term.en = "changed"  # type: ignore[misc]
    assert glossary.lookup("自排局") == glossary.lookup("roadside station")


def test_lang_restricts_the_fields():
    assert glossary.lookup("roadside station", lang="en").id == "roadside_station"
    assert (
        glossary.lookup("jidōsha haishutsu gasu sokuteikyoku", lang="ja").id == "roadside_station"
    )
    assert glossary.lookup("路边交通点", lang="zh").id == "roadside_station"
    with pytest.raises(glossary.GlossaryError, match="field"):
        glossary.lookup("路边交通点", lang="en")
    with pytest.raises(glossary.GlossaryError):
        glossary.lookup("自排局", lang="ja")  # an alias, not the official term
    with pytest.raises(ValueError, match="parameter 'lang'.*'fr'"):
        glossary.lookup("steam", lang="fr")


def test_unknown_term_message_lists_close_matches():
    with pytest.raises(glossary.GlossaryError) as info:
        glossary.lookup("2% exclusion valu")
    err = info.value
    assert isinstance(err, KeyError)
    message = str(err)
    assert message.startswith("unknown glossary term '2% exclusion valu'")  # not a bare repr
    assert "did you mean" in message
    assert "2 % exclusion value / 2%除外値" in message
    assert "[two_pct_exclusion_value]" in message
    assert 1 <= len(err.suggestions) <= 5
    assert err.suggestions[0].endswith("[two_pct_exclusion_value]")
    with pytest.raises(KeyError, match="自排"):
        glossary.lookup("自排局長")
    with pytest.raises(glossary.GlossaryError, match="no close match"):
        glossary.lookup("zzzzqqqq")


def test_normalise():
    assert glossary.normalise("２ ％除外値") == glossary.normalise("2%除外値") == "2%除外値"
    assert glossary.normalise("Kankyō Kijun") == "kankyokijun"
    assert glossary.normalise("CO₂") == "co2"
    assert glossary.normalise("グリーン・イノベーション") == "グリーンイノベーション"
    assert glossary.normalise("ガス") == "ガス"  # kana voicing marks are kept


# --- search and modules --------------------------------------------------------------------------


def test_search_names_then_definitions():
    found = glossary.search("exclusion")
    assert found.index[0] == "two_pct_exclusion_value"
    assert {"long_term_evaluation", "so2", "spm"} <= set(found.index)
    assert "measurement_hours_6000" in glossary.search("6,000").index
    assert "roadside_station" in glossary.search("自排").index
    assert glossary.search("no such words anywhere").empty
    with pytest.raises(ValueError, match="parameter 'text'"):
        glossary.search("  ")


def test_terms_of_a_module():
    heat = glossary.terms("heat_network")
    assert {"steam", "superheated_steam", "steam_pipeline", "crude_oil_equivalent"} <= set(
        heat.index
    )
    assert "no2" not in heat.index
    assert len(glossary.terms()) == len(glossary.load())
    with pytest.raises(ValueError, match="unknown module 'heat'.*heat_network"):
        glossary.terms("heat")


def test_load_returns_a_copy():
    first = glossary.load()
    first.loc["steam", "en"] = "vapour"
    assert glossary.load().loc["steam", "en"] == "steam"
    assert glossary.lookup("steam").en == "steam"


# --- figures in the definitions, re-derived --------------------------------------------------------


def test_incinerator_energy_balance_fy2012():
    """2014 policy, 平成24年度発電・売電実績 (kWh): own use = generation + purchased - sold."""
    generation, purchased, sold = 52_385_320, 249_930, 40_489_728  # 王禅寺処理センター
    own_use = generation + purchased - sold
    assert own_use == 12_145_522
    text = glossary.lookup("自家発電").definition
    assert f"{own_use:,} kWh" in text
    assert f"({own_use / 1e6:.2f} GWh)" in text
    ukishima = glossary.lookup("ごみ発電").definition
    assert f"generated {40_109_636 / 1e6:.1f} GWh and sold {23_431_304 / 1e6:.1f} GWh" in ukishima


def test_capacity_factor_and_specific_yield_of_ukishima():
    """FY2012: 969 × 10⁴ kWh on 7,000 kW AC and 37,926 × 198 W DC (kawasaki-facts.md §5)."""
    energy_kwh = 969e4
    cf_pct = energy_kwh / (7_000 * 8_760) * 100
    assert f"{cf_pct:.1f} %" in glossary.lookup("設備利用率").definition
    dc_kwp = 37_926 * 0.198
    assert f"{dc_kwp / 1000:.2f} MWp" in glossary.lookup("公称最大出力").definition
    yield_text = glossary.lookup("比発電量").definition
    assert f"{round(energy_kwh / dc_kwp, -1):,.0f} kWh/kWp" in yield_text
    assert f"{energy_kwh / 7_000:,.0f} kWh/kW" in yield_text


def test_crude_oil_equivalent_of_steam_net():
    """kawasaki-facts.md §6: 11,000 kL/yr at 0.0258 kL/GJ."""
    from kgi_lab.units import KL_CRUDE_OIL_PER_GJ

    text = glossary.lookup("原油換算").definition
    assert f"{KL_CRUDE_OIL_PER_GJ} kL" in text
    assert f"{1 / KL_CRUDE_OIL_PER_GJ:.2f} GJ" in text
    assert f"{round(11_000 / KL_CRUDE_OIL_PER_GJ, -3):,.0f} GJ/yr" in text


def test_evaluation_rules_in_the_definitions():
    """kawasaki-facts.md §2b-§2c: 20 hours, 6,000 hours, 8th highest of 365, 358th lowest."""
    assert "at least 20 valid hourly values" in glossary.lookup("有効測定日").definition
    assert "fewer than 6,000 hours" in glossary.lookup("測定時間").definition
    n = 365
    assert round(0.02 * n) + 1 == 8
    assert "the 8th highest" in glossary.lookup("2%除外値").definition
    assert round(0.98 * n) == 358
    assert "the 358th lowest" in glossary.lookup("98%値").definition
    assert "1 April to 31 March" in glossary.lookup("年度").definition


# --- validation ----------------------------------------------------------------------------------


def test_validate_accepts_the_shipped_file(raw):
    assert len(glossary.validate(raw)) == len(raw["terms"])


def test_duplicate_id_is_named(raw):
    bad = copy.deepcopy(raw)
    bad["terms"].append(copy.deepcopy(bad["terms"][0]))
    first = bad["terms"][0]["id"]
    with pytest.raises(glossary.GlossaryFormatError, match=f"'{first}'.*field 'id' duplicates"):
        glossary.validate(bad)


@pytest.mark.parametrize("field", ["en", "ja", "ja_reading", "zh", "definition", "source"])
def test_missing_language_is_named(raw, field):
    bad = copy.deepcopy(raw)
    term = next(t for t in bad["terms"] if t["id"] == "steam")
    del term[field]
    with pytest.raises(glossary.GlossaryFormatError, match=f"'steam'.*field '{field}' is missing"):
        glossary.validate(bad)
    term[field] = "   "
    with pytest.raises(glossary.GlossaryFormatError, match=f"'steam'.*field '{field}' is empty"):
        glossary.validate(bad)


def test_bad_module_quality_and_ambiguous_name(raw):
    bad = copy.deepcopy(raw)
    bad["terms"][0]["modules"] = ["air_quality_network", "air"]
    with pytest.raises(glossary.GlossaryFormatError, match="field 'modules'.*air"):
        glossary.validate(bad)
    bad = copy.deepcopy(raw)
    bad["terms"][0]["quality"] = "D"
    with pytest.raises(glossary.GlossaryFormatError, match="field 'quality'"):
        glossary.validate(bad)
    bad = copy.deepcopy(raw)
    steam = next(t for t in bad["terms"] if t["id"] == "steam")
    steam["aliases"] = [*steam["aliases"], "自排局"]
    with pytest.raises(glossary.GlossaryFormatError, match="'steam'.*'roadside_station'"):
        glossary.validate(bad)


# --- HTML ----------------------------------------------------------------------------------------


def test_to_html_is_self_contained_and_escaped(frame):
    page = glossary.to_html("air_quality_network", full_page=True)
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "<th>EN</th><th>日本語 (reading)</th><th>中文</th><th>Definition</th>" in page
    assert 'id="term-two_pct_exclusion_value"' in page
    assert '<td lang="zh-Hans">路边交通点</td>' in page
    assert "<script" not in page and "<link" not in page and "src=" not in page
    assert page.count("<tr id=") == len(glossary.terms("air_quality_network"))

    evil = frame.loc[["steam"]].copy()
    evil.loc["steam", "en"] = "<script>alert('x')</script>"
    evil.loc["steam", "definition"] = 'a "quoted" & <b>bold</b> text'
    out = glossary.to_html(evil)
    assert "<script>" not in out and "<b>bold" not in out
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in out
    assert "a &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt; text" in out
    with pytest.raises(ValueError, match="lacks glossary column"):
        glossary.to_html(pd.DataFrame({"en": ["x"]}))
    with pytest.raises(ValueError, match="unknown module"):
        glossary.to_html("no_such_module")


def test_annotate_wraps_terms_and_escapes_the_rest():
    html = glossary.annotate("The 2 % exclusion value at a 自排局 <b> is CO, not CO2 or COVID.")
    assert html.count("<abbr") == 3
    assert 'data-term="two_pct_exclusion_value"' in html
    assert 'data-term="roadside_station"' in html
    assert 'data-term="co"' in html
    assert '">CO</abbr>, not CO2 or COVID.' in html  # whole words only
    assert "&lt;b&gt;" in html
    definition = glossary.lookup("自排局").definition
    assert f"路边交通点: {definition}".replace("'", "&#x27;") in html
    assert glossary.annotate("２％除外値 and 2%除外値").count("<abbr") == 1  # as written only


# --- widget --------------------------------------------------------------------------------------


def test_widget_builds_and_shows_the_entry():
    ipywidgets = pytest.importorskip("ipywidgets")
    box = glossary.glossary_widget()
    assert isinstance(box, ipywidgets.VBox)
    combo, entry = box.children
    assert isinstance(combo, ipywidgets.Combobox)
    assert isinstance(entry, ipywidgets.HTML)
    for name in ("2 % exclusion value", "2%除外値", "年2%剔除值", "路边交通点"):
        assert name in combo.options
    assert len(combo.options) == len(set(combo.options))

    combo.value = "２％除外値"
    term = glossary.lookup("2%除外値")
    assert term.definition.replace("'", "&#x27;") in entry.value
    assert "kgi-term-card" in entry.value

    combo.value = "2% exclusion valu"
    assert "did you mean" in entry.value and "two_pct_exclusion_value" in entry.value
    combo.value = ""
    assert "Type a term" in entry.value


def test_widget_for_one_module():
    pytest.importorskip("ipywidgets")
    combo = glossary.glossary_widget("heat_network").children[0]
    assert "steam" in combo.options and "roadside station" not in combo.options
    with pytest.raises(ValueError, match="parameter 'module'"):
        glossary.glossary_widget("heat")
