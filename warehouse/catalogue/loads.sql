-- The inputs digest each scope was last loaded from.
SELECT scope, inputs_hash
FROM input_loads
ORDER BY scope;
