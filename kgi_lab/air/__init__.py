"""Air-quality monitoring-network analysis (Kawasaki's 大気常時監視測定局 network and any other).

Submodules:

* :mod:`~kgi_lab.air.schema` — the data model (station × time xarray Dataset, naive local
  standard time labelling the beginning of each hour, zone in ``attrs``);
* :mod:`~kgi_lab.air.data` — ``load_air_data`` (embedded synthetic default or a file),
  ``select_stations``, ``cleaning_report``;
* :mod:`~kgi_lab.air.io` — NIES hourly and openair readers, unit conversion, ``clean``;
* :mod:`~kgi_lab.air.standards` — standards as data and their official evaluation
  (``evaluate_japan``, ``evaluate``);
* :mod:`~kgi_lab.air.aqi` — US EPA AQI and China HJ 633 IAQI;
* :mod:`~kgi_lab.air.stats` — capture-aware averages, variation, Theil–Sen and Mann–Kendall,
  pollution roses;
* :mod:`~kgi_lab.air.network` — area and population served, correlation, removal bias, IDW and
  ordinary kriging, new-site suggestion, Moran's I;
* :mod:`~kgi_lab.air.synthetic` — the seeded generator behind the embedded data;
* :mod:`~kgi_lab.air.plots`, :mod:`~kgi_lab.air.maps` — figures.
"""

from kgi_lab.air.data import cleaning_report, load_air_data, select_stations
from kgi_lab.air.schema import MET_VARIABLES, POLLUTANTS, fiscal_year, to_dataframe
from kgi_lab.air.standards import evaluate, evaluate_japan

__all__ = [
    "MET_VARIABLES",
    "POLLUTANTS",
    "cleaning_report",
    "evaluate",
    "evaluate_japan",
    "fiscal_year",
    "load_air_data",
    "select_stations",
    "to_dataframe",
]
