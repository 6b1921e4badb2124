"""Air-quality monitoring-network analysis (Kawasaki's 大気常時監視測定局 network and any other).

See :mod:`kgi_lab.air.schema` for the data model (station × time xarray Dataset, naive local
standard time labelling the beginning of each hour, zone in ``attrs``).
"""
