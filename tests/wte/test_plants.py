"""Tests of kgi_lab.wte.plants: the FY2012 table, corrections, provenance and city totals.

Published figures (City of Kawasaki, Green Innovation Promotion Policy 2014, table
平成24年度発電・売電実績, shared/seed lines 803-811; kawasaki-facts.md §7).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kgi_lab import datasets, wte
from kgi_lab.wte import plants

SEED = Path("/work/shared/seed/000_3b626d0430bae411.txt")

#: The seed table as printed (kWh): generation, purchased, sold ('—' = None).
FY2012 = {
    "ukishima": (40_109_636, 1_220_640, 23_431_304),
    "tsutsumine": (7_318_975, 3_265_630, None),
    "tachibana": (8_256_976, 1_760_598, 925_020),
    "ozenji": (52_385_320, 249_930, 40_489_728),
}


def test_dataset_is_catalogued_and_verified():
    entry = datasets.catalog()["kawasaki_incineration"]
    assert entry.kind == "published"
    assert datasets.verify("kawasaki_incineration").name == "kawasaki_incineration.yaml"


def test_fy2012_table_reproduced_exactly():
    table = wte.load_plants(2012)
    assert tuple(table.index) == plants.PLANT_IDS
    for pid, (gen, bought, sold) in FY2012.items():
        assert table.loc[pid, "generation_kwh"] == gen
        assert table.loc[pid, "purchased_kwh"] == bought
        if sold is None:
            assert math.isnan(table.loc[pid, "sold_kwh"])
            assert not table.loc[pid, "sold_reported"]
        else:
            assert table.loc[pid, "sold_kwh"] == sold
    # totals (hand sums of the printed table)
    assert table["generation_kwh"].sum() == 108_070_907
    assert table["purchased_kwh"].sum() == 6_496_798
    assert table["sold_kwh"].sum() == 64_846_052  # three plants that report sales
    assert table.attrs["units"]["generation_kwh"] == "kWh"


@pytest.mark.skipif(not SEED.exists(), reason="shared seed text not available")
def test_table_matches_the_seed_text_after_ocr_correction():
    lines = SEED.read_text(encoding="utf-8").splitlines()
    rows = [
        ln.split("\t")
        for ln in lines[800:815]
        if ln.count("\t") == 3 and ln.split("\t")[0].endswith("センター")
    ]
    fixes = {r["printed"]: r["corrected"] for _, r in wte.ocr_corrections().iterrows()}
    table = wte.load_plants(2012).set_index("name_ja")
    assert len(rows) == 4
    for name, gen, bought, sold in rows:
        name = fixes.get(name, name)
        assert name in table.index, name
        assert table.loc[name, "generation_kwh"] == int(gen.replace(",", ""))
        assert table.loc[name, "purchased_kwh"] == int(bought.replace(",", ""))
        if sold.strip() == "—":
            assert math.isnan(table.loc[name, "sold_kwh"])
        else:
            assert table.loc[name, "sold_kwh"] == int(sold.replace(",", ""))


def test_ocr_corrections_recorded():
    fixes = wte.ocr_corrections()
    assert fixes.loc["tsutsumine", "printed"] == "堀根処理センター"
    assert fixes.loc["tsutsumine", "corrected"] == "堤根処理センター"
    assert fixes.loc["tachibana", "printed"] == "橋処理センター"
    assert fixes.loc["tachibana", "corrected"] == "橘処理センター"
    names = wte.load_plants()["name_ja"].to_dict()
    assert names == {
        "ukishima": "浮島処理センター",
        "tsutsumine": "堤根処理センター",
        "tachibana": "橘処理センター",
        "ozenji": "王禅寺処理センター",
    }


def test_unreported_sales_only_zero_on_request():
    assert math.isnan(wte.load_plants(2012).loc["tsutsumine", "sold_kwh"])
    zero = wte.load_plants(2012, assume_unreported_sold_zero=True)
    assert zero.loc["tsutsumine", "sold_kwh"] == 0.0
    assert not zero.loc["tsutsumine", "sold_reported"]


def test_plant_facts_section_7():
    fy2012 = wte.load_plants(2012)
    assert fy2012["capacity_t_per_day"].to_dict() == {
        "ukishima": 900.0,
        "tsutsumine": 600.0,
        "tachibana": 600.0,
        "ozenji": 450.0,
    }
    # FY2012 Tachibana is the OLD plant: 2,200 kW at 6 %
    assert fy2012.loc["tachibana", "unit"] == "old plant"
    assert fy2012.loc["tachibana", "turbine_kw"] == 2200
    assert fy2012.loc["tachibana", "design_recovery_rate"] == 0.06
    assert fy2012.loc["ozenji", "turbine_kw"] == 7500
    assert np.isnan(fy2012.loc["ukishima", "turbine_kw"])  # not found
    assert fy2012["commissioned"].to_dict() == {
        "ukishima": 1995.0,
        "tsutsumine": 1979.0,
        "tachibana": 1974.0,
        "ozenji": 2012.0,
    }
    new = plants._unit_in_service("tachibana", 2024)
    assert new["turbine_kw"]["value"] == 14000
    assert new["design_recovery_rate"]["value"] == 0.215
    # FY2015: Tachibana rebuilding, Ozenji published
    fy2015 = wte.load_plants(2015)
    assert fy2015.loc["tachibana", "unit"] == "not in service"
    assert fy2015.loc["ozenji", "generation_kwh"] == 54_180_000
    assert fy2015.loc["ozenji", "sold_kwh"] == 39_860_000
    assert np.isnan(fy2015.loc["ozenji", "purchased_kwh"])


def test_city_incineration_totals():
    assert wte.city_incineration_t(2005) == 466_034
    assert wte.city_incineration_t(2006) == 458_541
    assert wte.city_incineration_t(2012) == 390_000
    assert wte.city_incineration_t(2003) == 500_000
    table = wte.city_incineration_t()
    assert table.loc[2012, "approximate"] and not table.loc[2005, "approximate"]
    with pytest.raises(KeyError, match="'fiscal_year'.*2015"):
        wte.city_incineration_t(2015)


def test_provenance_has_quality_and_source_for_every_value():
    prov = wte.provenance()
    assert prov["quality"].notna().all()
    assert prov["source"].str.len().gt(0).all()
    assert prov.loc[("ozenji", "FY2015: generation_kwh"), "value"] == 54_180_000
    assert prov.loc[("tsutsumine", "FY2012: sold_kwh"), "quality"] == "NOT REPORTED"
    assert prov.loc[("tachibana", "new plant: turbine_kw"), "quality"] == "B"


def test_hours_in_fiscal_year():
    assert wte.hours_in_fiscal_year(2012) == 8760
    assert wte.hours_in_fiscal_year(2015) == 8784  # holds 2016-02-29


def test_bad_plant_and_year():
    with pytest.raises(KeyError, match="parameter 'plant': unknown plant 'kawasaki'"):
        plants.plant_record("kawasaki")
    with pytest.raises(ValueError, match="parameter 'fiscal_year'.*2012, 2015"):
        wte.load_plants(2013)
    assert isinstance(wte.load_plants(), pd.DataFrame)
