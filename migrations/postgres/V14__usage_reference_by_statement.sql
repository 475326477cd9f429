-- Twin of SQLite migration 14, which changes nothing there: the reference of the days of usage
-- to their account, held by triggers that check each statement's rows together instead of one
-- row at a time. A year of usage is millions of rows; the declared reference looks each one up
-- in account on its own, which took two thirds of an import's time. The rules are the same for
-- any client, psql included, in the same words:
--   - a day written (inserted, copied, or updated) for an account that does not exist is
--     refused with SQLSTATE 23503 and the server's own detail
--     (`Key (account_id)=(…) is not present in table "account".`);
--   - an account deleted takes its days with it (ON DELETE CASCADE), in a READ COMMITTED
--     transaction (one reading an older snapshot could miss a day committed since);
--   - an account whose id changes while it has days is refused (the reference's NO ACTION);
--   - account emptied by TRUNCATE empties usage too.
-- The check of the days is not deferrable (a statement's trigger cannot be): a restore writes
-- each account before its days. The triggers' functions run as their owner, in this schema, as
-- the server runs a declared reference's checks: whoever writes a day needs no right on account
-- beyond reading, and whoever deletes an account takes every one of its days, seen or not.

ALTER TABLE usage DROP CONSTRAINT usage_account_id_fkey;

-- The refusal of a day (of `days_table`) whose account `missing` does not exist, in the words
-- and SQLSTATE of a declared reference's refusal, whichever trigger found it.
CREATE FUNCTION csm_no_such_account(days_table text, missing bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'insert or update on table "%" violates the reference of account_id to account',
        days_table
        USING ERRCODE = 'foreign_key_violation',
              TABLE = days_table,
              COLUMN = 'account_id',
              CONSTRAINT = days_table || '_account_id_fkey',
              DETAIL = format('Key (account_id)=(%s) is not present in table "account".', missing);
END
$$;

-- The days of one statement (`new_days`) whose account does not exist: refused. Each account
-- the statement names is looked up once, however many days it has: a year of usage names ten
-- thousand accounts in millions of days. Each account found is locked as the declared
-- reference locks it (FOR KEY SHARE) until the transaction ends: an account another session
-- deletes at the same time waits for these days to be committed and then takes them with it;
-- deleted (or its id changed) first, the lock waits for that session and then finds no row,
-- and the days are refused.
CREATE FUNCTION csm_days_need_their_account() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    missing bigint;
BEGIN
    SELECT d.account_id INTO missing
    FROM (SELECT DISTINCT account_id FROM new_days) d
    LEFT JOIN LATERAL (
        SELECT a.id FROM account a WHERE a.id = d.account_id FOR KEY SHARE
    ) held ON true
    WHERE held.id IS NULL
    LIMIT 1;
    IF FOUND THEN
        PERFORM csm_no_such_account(TG_TABLE_NAME, missing);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER usage_account_on_insert
    AFTER INSERT ON usage REFERENCING NEW TABLE AS new_days
    FOR EACH STATEMENT EXECUTE FUNCTION csm_days_need_their_account();

-- A day moved to another account: that account must exist, and is locked as the reference
-- locks it. A trigger of each moved row only: an update that keeps the days' account (an
-- import's upsert of counts) neither checks nor locks it, as the declared reference did not,
-- so it cannot deadlock with a delete of that account.
CREATE FUNCTION csm_day_moved_needs_its_account() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    PERFORM 1 FROM account a WHERE a.id = NEW.account_id FOR KEY SHARE;
    IF NOT FOUND THEN
        PERFORM csm_no_such_account(TG_TABLE_NAME, NEW.account_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER usage_account_on_update
    AFTER UPDATE OF account_id ON usage
    FOR EACH ROW WHEN (OLD.account_id IS DISTINCT FROM NEW.account_id)
    EXECUTE FUNCTION csm_day_moved_needs_its_account();

-- Removing an account's days, or refusing to change its id while it has days, must see every
-- day committed so far, as the server's own checks of a reference do whatever the isolation:
-- a transaction reading from an older snapshot (REPEATABLE READ, SERIALIZABLE) would miss a day
-- committed since and leave it without its account. Such a transaction is refused as a
-- serialization failure, to run again in READ COMMITTED (csm's writers always do).
CREATE FUNCTION csm_sees_every_committed_day() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'an account is deleted, or its id changed, only in a READ COMMITTED transaction: its days of usage go with it'
            USING ERRCODE = 'serialization_failure';
    END IF;
END
$$;

-- The accounts one statement deleted (`gone_accounts`): their days go with them.
CREATE FUNCTION csm_account_deleted_takes_its_days() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    PERFORM csm_sees_every_committed_day();
    DELETE FROM usage u USING gone_accounts g WHERE u.account_id = g.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER account_usage_on_delete
    AFTER DELETE ON account REFERENCING OLD TABLE AS gone_accounts
    FOR EACH STATEMENT EXECUTE FUNCTION csm_account_deleted_takes_its_days();

-- An account whose id changes while days still name the old one: refused at the end of the
-- statement, as the reference's NO ACTION refuses it. A trigger of each changed row, but only
-- of a statement that sets the id, which csm never does: its own updates do not pay for it.
CREATE FUNCTION csm_account_id_kept_while_it_has_days() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    PERFORM csm_sees_every_committed_day();
    IF NOT EXISTS (SELECT 1 FROM account a WHERE a.id = OLD.id)
       AND EXISTS (SELECT 1 FROM usage u WHERE u.account_id = OLD.id) THEN
        RAISE EXCEPTION 'update on table "account" violates the reference of usage.account_id to it'
            USING ERRCODE = 'foreign_key_violation',
                  TABLE = 'account',
                  CONSTRAINT = 'usage_account_id_fkey',
                  DETAIL = format('Key (id)=(%s) is still referenced from table "usage".', OLD.id);
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER account_usage_on_update
    AFTER UPDATE OF id ON account DEFERRABLE
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id)
    EXECUTE FUNCTION csm_account_id_kept_while_it_has_days();

-- An account emptied by TRUNCATE (which the other references to account allow only together
-- with their tables, or with CASCADE) empties usage too, as the reference's cascade would.
CREATE FUNCTION csm_account_emptied_empties_usage() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    TRUNCATE usage;
    RETURN NULL;
END
$$;

CREATE TRIGGER account_usage_on_truncate
    AFTER TRUNCATE ON account
    FOR EACH STATEMENT EXECUTE FUNCTION csm_account_emptied_empties_usage();

-- Run as their owner, the functions name tables of this schema only (and temporary ones last),
-- whatever the writer's search_path. And no one may call them but the triggers above: a
-- function is executable by everyone unless revoked, and one running as the tables' owner,
-- attached to a trigger on a table of the caller's own (a temporary one), would empty usage or
-- delete chosen days for a caller with no right on them.
DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['csm_days_need_their_account', 'csm_day_moved_needs_its_account',
                             'csm_account_deleted_takes_its_days',
                             'csm_account_id_kept_while_it_has_days',
                             'csm_account_emptied_empties_usage'] LOOP
        EXECUTE format('ALTER FUNCTION %I() SET search_path = %I, pg_temp', f, current_schema());
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %I() FROM PUBLIC', f);
    END LOOP;
END
$$;
