"""Synthetic 政府信息公开工作年度报告 with ground truth, for benchmarks and detection measures.

The generator writes reports in every era and layout the parser reads, built from the
real reports' labels, headings and sentences, and records next to them the cells they
print and the defects injected into them (`truth.jsonl`). Nothing here imports the parser:
the truth is written from the generator's own model, so the parser is measured against it.
"""
