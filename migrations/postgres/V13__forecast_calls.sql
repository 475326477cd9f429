-- Twin of SQLite migration 13: a CSM's call on each account's next renewal, which overrides the
-- model in the forecast (commit, likely, at_risk, lost, or a share from 0 to 1, as text), the
-- day it was set, and the version counting every change of the account's call (a call taken
-- back keeps its row without a call).

CREATE TABLE forecast_call (
    account_id bigint PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE DEFERRABLE,
    call       text COLLATE "C",
    set_on     date,
    version    bigint NOT NULL DEFAULT 0
);
