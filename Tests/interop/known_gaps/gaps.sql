-- Queries where Tarn still differs from DuckDB (see the harness docstring). Run them with
-- `sql_vs_duckdb.py TARN --queries Tests/interop/known_gaps`; move a line to queries/ when it passes.
-- from 10_aggregates.sql
-- from 11_joins_subqueries.sql
-- from 13_types.sql
SELECT 1::UTINYINT, 2::USMALLINT, 3::UINTEGER, 4::UBIGINT, typeof(4::UBIGINT), 18446744073709551615::UBIGINT;
SELECT t_decimal18, t_decimal18 + 1, t_decimal18 * 2, t_decimal18 / 4, typeof(t_decimal18), typeof(t_decimal18 + 1) FROM '{D}/more_types.parquet';
SELECT sum(t_decimal18), avg(t_decimal18), min(t_decimal18), max(t_decimal18), typeof(sum(t_decimal18)) FROM '{D}/more_types.parquet';
SELECT MAP {'a': 1, 'b': 2}, MAP {'a': 1}['a'], typeof(MAP {'a': 1});
SELECT typeof(1.5), 1.5 + 1, typeof(1.5 + 1), typeof(0.25 * 4), typeof(12.345), 12.345 * 2;
SELECT typeof(sum(1)), sum(9223372036854775807 + 0) + 0, typeof(sum(t_int)) FROM '{D}/all_types.parquet';
