-- The six benchmark queries of issue #6.
SELECT count(*) FROM '{D}/observations.parquet' WHERE quality_grade = 'research' AND latitude BETWEEN 30 AND 50;
SELECT taxon_id, count(*) AS n FROM '{D}/observations.parquet' WHERE quality_grade = 'research' GROUP BY taxon_id ORDER BY n DESC, taxon_id LIMIT 10;
SELECT p.license, count(*) AS n FROM '{D}/photos.parquet' p JOIN '{D}/observations.parquet' o ON p.observation_uuid = o.observation_uuid GROUP BY p.license;
SELECT year(observed_on) AS y, count(*), avg(positional_accuracy) FROM '{D}/observations.parquet' GROUP BY y ORDER BY y;
SELECT p.license, count(*) FROM '{D}/photos.parquet' p JOIN '{D}/observations.parquet' o ON p.observation_uuid = o.observation_uuid JOIN '{D}/taxa.parquet' t ON o.taxon_id = t.taxon_id WHERE t.ancestry LIKE '48460/1/%' AND p.license IN ('CC-BY', 'CC0', 'CC-BY-NC') GROUP BY 1;
SELECT quality_grade, count(DISTINCT observer_id), min(observed_on), max(observed_on) FROM '{D}/observations.parquet' GROUP BY quality_grade;
