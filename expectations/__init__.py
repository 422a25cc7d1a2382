"""Data-quality contracts of nianbao: pandera schemas and Great Expectations suites.

Both are generated from expectations/rule_catalogue.yaml and annual-report-spec.yaml.
This package never imports an orchestrator nor `warehouse`.
"""
