-- Queries where Tarn still differs from DuckDB (see the harness docstring). Run them with
-- `sql_vs_duckdb.py TARN --queries Tests/interop/known_gaps`; move a line to queries/ when it passes.
-- from 10_aggregates.sql
-- from 11_joins_subqueries.sql
-- from 13_types.sql
SELECT MAP {'a': 1, 'b': 2}, MAP {'a': 1}['a'], typeof(MAP {'a': 1});
SELECT typeof(sum(1)), sum(9223372036854775807 + 0) + 0, typeof(sum(t_int)) FROM '{D}/all_types.parquet';
-- from 17_decimal.sql: HUGEINT is modelled as DECIMAL(38,0), so HUGEINT-typed arithmetic past 38 digits
-- overflows in Tarn; DuckDB 2.0 reads integer literals beyond HUGEINT as BIGNUM (Tarn: DOUBLE)
SELECT 99999999999999999999999999999999999999 + 1;
SELECT 123456789012345678901234567890123456789012, typeof(123456789012345678901234567890123456789012);
