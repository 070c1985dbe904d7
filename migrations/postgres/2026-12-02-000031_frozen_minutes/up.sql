-- Confirmed minutes are frozen by the database itself: once a meeting's
-- minutes are confirmed as a true record, no statement (the service's or an
-- administrator's) may insert, change or delete what they contain: the
-- items, outcomes, votes, declarations, attendance, the actions' recorded
-- text, the revisions and the confirmation. Action progress (status) may
-- still change. The audit log is append-only, always.
-- The message starts 'confirmed minutes are frozen' so the service can answer 409.

CREATE FUNCTION minutes_are_confirmed(mid TEXT) RETURNS BOOLEAN AS $$
    SELECT EXISTS (SELECT 1 FROM meetings WHERE id = mid AND minutes_status = 'confirmed');
$$ LANGUAGE sql STABLE;

CREATE FUNCTION refuse_if_confirmed(mid TEXT, what TEXT) RETURNS VOID AS $$
BEGIN
    IF mid IS NOT NULL AND minutes_are_confirmed(mid) THEN
        RAISE EXCEPTION 'confirmed minutes are frozen: % of meeting % cannot change', what, mid;
    END IF;
END;
$$ LANGUAGE plpgsql;

-- items, attendance, minutes_revisions: rows with a meeting_id.
CREATE FUNCTION frozen_by_meeting() RETURNS TRIGGER AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM refuse_if_confirmed(OLD.meeting_id, TG_TABLE_NAME);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    PERFORM refuse_if_confirmed(NEW.meeting_id, TG_TABLE_NAME);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- outcomes, declarations, votes: rows of an item.
CREATE FUNCTION frozen_by_item() RETURNS TRIGGER AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM refuse_if_confirmed((SELECT meeting_id FROM items WHERE id = OLD.item_id), TG_TABLE_NAME);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    PERFORM refuse_if_confirmed((SELECT meeting_id FROM items WHERE id = NEW.item_id), TG_TABLE_NAME);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION frozen_vote_records() RETURNS TRIGGER AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM refuse_if_confirmed((SELECT i.meeting_id FROM votes v JOIN items i ON i.id = v.item_id WHERE v.id = OLD.vote_id), 'recorded votes');
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    PERFORM refuse_if_confirmed((SELECT i.meeting_id FROM votes v JOIN items i ON i.id = v.item_id WHERE v.id = NEW.vote_id), 'recorded votes');
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- Actions: the recorded text is frozen; progress (status) may change.
CREATE FUNCTION frozen_actions() RETURNS TRIGGER AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NOT (OLD.description IS DISTINCT FROM NEW.description OR OLD.owner IS DISTINCT FROM NEW.owner OR OLD.due_date IS DISTINCT FROM NEW.due_date OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at OR OLD.item_id IS DISTINCT FROM NEW.item_id) THEN
        RETURN NEW;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM refuse_if_confirmed((SELECT meeting_id FROM items WHERE id = OLD.item_id), 'the recorded text of actions');
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    PERFORM refuse_if_confirmed((SELECT meeting_id FROM items WHERE id = NEW.item_id), 'the recorded text of actions');
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION frozen_meetings() RETURNS TRIGGER AS $$
BEGIN
    IF OLD.minutes_status <> 'confirmed' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' OR OLD.minutes_status IS DISTINCT FROM NEW.minutes_status OR OLD.id IS DISTINCT FROM NEW.id OR OLD.body_id IS DISTINCT FROM NEW.body_id OR OLD.title IS DISTINCT FROM NEW.title OR OLD.starts_at IS DISTINCT FROM NEW.starts_at OR OLD.ends_at IS DISTINCT FROM NEW.ends_at OR OLD.venue_name IS DISTINCT FROM NEW.venue_name OR OLD.venue_address IS DISTINCT FROM NEW.venue_address OR OLD.venue_postcode IS DISTINCT FROM NEW.venue_postcode OR OLD.status IS DISTINCT FROM NEW.status OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at THEN
        RAISE EXCEPTION 'confirmed minutes are frozen: the minuted details of meeting % cannot change', OLD.id;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION frozen_milestones() RETURNS TRIGGER AS $$
BEGIN
    IF OLD.confirmed_at IS NOT NULL THEN
        RAISE EXCEPTION 'confirmed minutes are frozen: the confirmation of meeting % cannot change', OLD.meeting_id;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION audit_log_append_only() RETURNS TRIGGER AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER frozen_items BEFORE INSERT OR UPDATE OR DELETE ON items
    FOR EACH ROW EXECUTE FUNCTION frozen_by_meeting();
CREATE TRIGGER frozen_attendance BEFORE INSERT OR UPDATE OR DELETE ON attendance
    FOR EACH ROW EXECUTE FUNCTION frozen_by_meeting();
CREATE TRIGGER frozen_revisions BEFORE INSERT OR UPDATE OR DELETE ON minutes_revisions
    FOR EACH ROW EXECUTE FUNCTION frozen_by_meeting();
CREATE TRIGGER frozen_outcomes BEFORE INSERT OR UPDATE OR DELETE ON outcomes
    FOR EACH ROW EXECUTE FUNCTION frozen_by_item();
CREATE TRIGGER frozen_declarations BEFORE INSERT OR UPDATE OR DELETE ON declarations
    FOR EACH ROW EXECUTE FUNCTION frozen_by_item();
CREATE TRIGGER frozen_votes BEFORE INSERT OR UPDATE OR DELETE ON votes
    FOR EACH ROW EXECUTE FUNCTION frozen_by_item();
CREATE TRIGGER frozen_vote_records BEFORE INSERT OR UPDATE OR DELETE ON vote_records
    FOR EACH ROW EXECUTE FUNCTION frozen_vote_records();
CREATE TRIGGER frozen_actions BEFORE INSERT OR UPDATE OR DELETE ON actions
    FOR EACH ROW EXECUTE FUNCTION frozen_actions();
CREATE TRIGGER frozen_meetings BEFORE UPDATE OR DELETE ON meetings
    FOR EACH ROW EXECUTE FUNCTION frozen_meetings();
CREATE TRIGGER frozen_milestones BEFORE UPDATE OR DELETE ON minutes_milestones
    FOR EACH ROW EXECUTE FUNCTION frozen_milestones();
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
