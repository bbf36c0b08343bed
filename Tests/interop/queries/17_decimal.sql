-- Exact DECIMAL arithmetic with DuckDB's result types, and integer literals beyond BIGINT (issue #5).
-- from known_gaps (13_types.sql)
SELECT 1::UTINYINT, 2::USMALLINT, 3::UINTEGER, 4::UBIGINT, typeof(4::UBIGINT), 18446744073709551615::UBIGINT;
SELECT t_decimal18, t_decimal18 + 1, t_decimal18 * 2, t_decimal18 / 4, typeof(t_decimal18), typeof(t_decimal18 + 1) FROM '{D}/more_types.parquet';
SELECT sum(t_decimal18), avg(t_decimal18), min(t_decimal18), max(t_decimal18), typeof(sum(t_decimal18)) FROM '{D}/more_types.parquet';
SELECT typeof(1.5), 1.5 + 1, typeof(1.5 + 1), typeof(0.25 * 4), typeof(12.345), 12.345 * 2;
-- exactness past 2^53 and typing
SELECT 123456789012345678.91::DECIMAL(38,2) + 1, typeof(123456789012345678.91::DECIMAL(38,2) + 1);
SELECT 9223372036854775808, 9223372036854775808 - 1, 99999999999999999999999999999999999999, -99999999999999999999999999999999999999;
SELECT 18446744073709551615::UBIGINT, 9223372036854775808::UBIGINT, typeof(18446744073709551615::UBIGINT);
SELECT 1.5::DECIMAL(20,10) * 1.5::DECIMAL(20,10), typeof(1.5::DECIMAL(20,10) * 1.5::DECIMAL(20,10));
SELECT typeof(1.5::DECIMAL(4,1) * 2), typeof(1.5::DECIMAL(4,1) + 1::TINYINT), typeof(1.5::DECIMAL(4,1) + 1::SMALLINT), typeof(1.5::DECIMAL(4,1) + 1::BIGINT), typeof(1.5::DECIMAL(4,1) + 1::UBIGINT);
SELECT 1.5::DECIMAL(4,1) - 2::BIGINT, 3::INTEGER * 1.25, 7 - 0.001, 0.1 + 0.2, 0.1 + 0.2 = 0.3;
-- negative values, unary minus
SELECT -1.25 * 3, -(-2.50), -(12345678901234567890.12::DECIMAL(30,2)), typeof(-(1.5::DECIMAL(4,1))), -0.5 - 0.25;
SELECT t_decimal, -t_decimal, t_decimal - 100, t_decimal * -1.5, typeof(t_decimal * -1.5) FROM '{D}/all_types.parquet' ORDER BY t_decimal LIMIT 7;
-- rounding of casts
SELECT 1.005::DECIMAL(4,2), -1.005::DECIMAL(4,2), 2.5::DECIMAL(3,0), -2.5::DECIMAL(3,0), 123.456::DECIMAL(38,1);
SELECT 2.5::INTEGER, -2.5::INTEGER, 1.49::BIGINT, 99999999999999999999.5::DECIMAL(38,1)::DECIMAL(38,0);
SELECT 12345678901234567890123.45::DECIMAL(38,2)::DECIMAL(38,0), 170141183460469231731687303715884105.27::DECIMAL(38,2) * 1;
-- comparisons across scales
SELECT 1.50 = 1.5, 1.5::DECIMAL(10,4) > 1.49::DECIMAL(3,2), 2.000 < 2.001, 1.5 = 1.5::DOUBLE, 10 = 10.00;
SELECT t_decimal FROM '{D}/all_types.parquet' WHERE t_decimal > 12.5 AND t_decimal <= 20.00 ORDER BY t_decimal;
SELECT count(*) FROM '{D}/all_types.parquet' WHERE t_decimal * 2 >= 50.5;
-- SUM over many rows that needs 128 bits
SELECT sum(9999999999999999.99::DECIMAL(18,2)), typeof(sum(9999999999999999.99::DECIMAL(18,2))) FROM '{D}/observations.parquet';
SELECT sum(latitude::DECIMAL(18,2) * 1000000000000000), count(*) FROM '{D}/observations.parquet';
SELECT sum(t_decimal), sum(-t_decimal), sum(t_decimal * t_decimal), typeof(sum(t_decimal * t_decimal)) FROM '{D}/all_types.parquet';
-- GROUP BY a decimal
SELECT (t_decimal * 0.2)::DECIMAL(10,1) AS bucket, count(*), sum(t_decimal) FROM '{D}/all_types.parquet' GROUP BY bucket ORDER BY bucket LIMIT 8;
SELECT t_int % 3 AS k, sum(t_decimal), min(t_decimal), max(t_decimal) FROM '{D}/all_types.parquet' GROUP BY k ORDER BY k;
-- overflow errors (both engines raise)
SELECT 99999999999999999999999999999999999999::DECIMAL(38,0) + 1;
SELECT -99999999999999999999999999999999999999::DECIMAL(38,0) - 1;
SELECT 10000000000000000000::DECIMAL(38,0) * 10000000000000000000::DECIMAL(38,0);
SELECT 12345678901234567890123::UBIGINT;
SELECT 1e40::DECIMAL(38,0);
SELECT -12.5 * -2, typeof(-12.5), -0.001 + 0.001, typeof(-99999999999999999999.5);
-- exact comparisons and common types past 18 digits; abs keeps DECIMAL
SELECT 123456789012345678.91::DECIMAL(38,2) > 123456789012345678.9::DECIMAL(20,1), 12345678901234567891::DECIMAL(38,0) > 12345678901234567890, 1.5 IN (1, 1.50, 2);
SELECT abs(-1.5), typeof(abs(-1.5)), abs(-12345678901234567.891::DECIMAL(38,3)), abs(t_decimal) FROM '{D}/all_types.parquet' ORDER BY t_decimal LIMIT 3;
SELECT CASE WHEN t_int > 0 THEN t_decimal ELSE 123456789012345678901.5 END, typeof(CASE WHEN t_int > 0 THEN t_decimal ELSE 123456789012345678901.5 END) FROM '{D}/all_types.parquet' ORDER BY t_decimal LIMIT 3;
SELECT t_decimal FROM '{D}/all_types.parquet' UNION ALL SELECT 12345678901234567890.123 ORDER BY 1 DESC LIMIT 3;
SELECT round(1.005::DECIMAL(5,3), 2), round(2.675, 2), round(-2.675::DECIMAL(4,3), 2), typeof(round(2.675, 2)), round(999.5::DECIMAL(4,1)), typeof(round(999.5::DECIMAL(4,1)));
SELECT floor(-1.5), ceil(-2.675::DECIMAL(4,3)), floor(-0.001::DECIMAL(18,3)), ceil(0.001::DECIMAL(18,3)), typeof(floor(-1.5)), trunc(-2.675::DECIMAL(4,3), 1), trunc(-2.675::DECIMAL(4,3));
SELECT round(25::DECIMAL(4,0), -1), typeof(round(25::DECIMAL(4,0), -1)), round(2.675::DECIMAL(4,3), -1), round(-149.5::DECIMAL(10,1), -2), round(1.25::DECIMAL(3,2), 5), typeof(round(1.25::DECIMAL(3,2), 5));
SELECT round(123456789012345678.95::DECIMAL(38,2), 1), round(99999999999999999.5::DECIMAL(18,1)), typeof(round(99999999999999999.5::DECIMAL(18,1))), round(-0.5::DECIMAL(3,1));
SELECT t_decimal, round(t_decimal, 1), floor(t_decimal), ceil(t_decimal), round(t_decimal) FROM '{D}/all_types.parquet' ORDER BY t_decimal;
SELECT 10.3 % 3, typeof(10.3 % 3), 123456789012345678.9 % 10, -7.5 % 2, 7 % 2.5, typeof(7 % 2.5), 1.5 % 2.0::DOUBLE;
SELECT t_decimal, t_decimal % 1, t_decimal % 0.4, t_int % 2.5 FROM '{D}/all_types.parquet' ORDER BY t_decimal;
SELECT 1.5 % 0;
