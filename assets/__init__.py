"""Dagster shell of nianbao: partitions, resources, assets, asset checks, schedules.

This is the only package that imports dagster; every asset is a thin wrapper over one
stage function of `pipeline.stages`, `expectations` or `warehouse.loader`.
"""
