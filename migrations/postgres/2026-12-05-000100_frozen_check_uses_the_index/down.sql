CREATE OR REPLACE FUNCTION minutes_are_confirmed(mid TEXT) RETURNS BOOLEAN AS $$
    SELECT EXISTS (SELECT 1 FROM meetings WHERE id = mid AND minutes_status = 'confirmed');
$$ LANGUAGE sql STABLE;
