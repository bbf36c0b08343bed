-- Former known gaps, fixed: 128-bit integer SUM and others
SELECT sum(photo_id), sum(photo_id * 1000000000) FROM '{D}/photos.parquet';
SELECT sum(t_bigint * 100000000) FROM '{D}/all_types.parquet';
SELECT sum(x) FROM (VALUES (9223372036854775807), (9223372036854775807)) t(x);
SELECT k, sum(x) AS s FROM (VALUES (1, 5), (1, 7), (2, 9223372036854775807), (2, 9223372036854775807)) t(k, x) GROUP BY k HAVING sum(x) > 10 ORDER BY s DESC;
SELECT observer_id, sum(positional_accuracy) AS s FROM '{D}/observations.parquet' GROUP BY 1 ORDER BY s DESC NULLS LAST, 1 LIMIT 10;
SELECT sum(x) / count(*), sum(x) * 2, sum(x) + 1, sum(x) > 3 FROM (VALUES (1), (2), (4)) t(x);
SELECT CAST(x AS DECIMAL(38,0)), CAST(x AS DECIMAL(20,2)), CAST(x * 1.5 AS DECIMAL(25,3)) FROM (VALUES (5), (-1), (12345678901234)) t(x);
SELECT CAST(12345678901234567890 AS DECIMAL(19,0));
SELECT b.x, a.x, x, * FROM (VALUES (1, 'l'), (2, 'm')) a(x, s) FULL JOIN (VALUES (1, 'r'), (3, 'q')) b(x, t) USING (x);
SELECT b.x, a.x, x, *, b.* FROM (VALUES (1, 'l'), (2, 'm')) a(x, s) LEFT JOIN (VALUES (1, 'r'), (3, 'q')) b(x, t) USING (x);
SELECT x, count(*) FROM (VALUES (1), (2), (NULL)) a(x) FULL JOIN (VALUES (2), (3), (NULL)) b(x) USING (x) GROUP BY x;
SELECT count(*), count(observer_id), count(p.observer_id) FROM '{D}/observers.parquet' u FULL JOIN (SELECT DISTINCT observer_id FROM '{D}/photos.parquet' WHERE extension = 'png') p USING (observer_id);
SELECT o.observer_id, u.observer_id, observer_id FROM '{D}/observations.parquet' o JOIN '{D}/observers.parquet' u USING (observer_id) WHERE o.latitude > 70;
SELECT count(*), count(observer_id) FROM (SELECT observer_id FROM '{D}/observers.parquet' WHERE observer_id < 500000) a FULL JOIN (SELECT DISTINCT observer_id FROM '{D}/observations.parquet' WHERE observer_id > 30) b USING (observer_id);
