"""Penilaian: periods, rencana aksi, evidence, feedback, ratings, predikat, kurva (built in the penilaian issue)."""
