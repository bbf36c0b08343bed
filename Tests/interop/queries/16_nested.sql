-- nested values: struct fields, list elements, map lookups, struct literals
SELECT {'x': 1, 'y': 'two'}, {'x': 1}.x, ({'x': 1, 'y': [1, 2]}).y[2], typeof({'x': 1});
SELECT {'a': {'b': 5}}.a.b, {'a': {'b': 5}}['a']['b'], [[1, 2], [3]][1][2], [1, 2, 3][0], [1, 2, 3][-3], [1, 2, 3][4];
SELECT t.t_struct.a, t_struct.b, t_struct['a'] + 1 FROM '{D}/more_types.parquet' t WHERE id < 10;
SELECT t_struct.b, count(*) FROM '{D}/more_types.parquet' GROUP BY 1 ORDER BY 1 NULLS FIRST LIMIT 5;
SELECT id, t_list[1], t_list[-1], t_list[2] IS NULL FROM '{D}/more_types.parquet' ORDER BY id;
SELECT sum(t_list[1]), max(t_strings[1]), count(t_strings[2]) FROM '{D}/more_types.parquet';
SELECT t_map['k0'], t_map['k1'], t_map['k9'] FROM '{D}/more_types.parquet' ORDER BY id;
SELECT id FROM '{D}/more_types.parquet' WHERE t_map['k2'] IS NOT NULL AND t_struct.a % 2 = 0;
SELECT s.v.a, s.v.b FROM (SELECT {'a': id, 'b': 'x' || id} AS v FROM '{D}/more_types.parquet' WHERE id < 5) s;
SELECT t_struct.zzz FROM '{D}/more_types.parquet';
SELECT id[1] FROM '{D}/more_types.parquet';
SELECT list_value(1, 2, NULL), list_contains([1, 2], 2), list_contains(['a', NULL], NULL), array_length([1, 2, 3]), struct_pack(k := 5, v := 'z');
SELECT id, list_contains(t_list, 2), array_length(t_list), list_value(t_usmallint, id) FROM '{D}/more_types.parquet' ORDER BY id;
SELECT hour(t_time), minute(t_time), second(t_time), t_time - INTERVAL 9 HOUR, INTERVAL 30 MINUTE + t_time FROM '{D}/more_types.parquet';
SELECT t_interval * 2, 3 * t_interval, t_interval * -1 FROM '{D}/more_types.parquet';
SELECT CAST('abc' AS BLOB), typeof('abc'::BLOB), octet_length('abc'::BLOB), CAST(t_blob AS VARCHAR) FROM '{D}/more_types.parquet' LIMIT 3;
