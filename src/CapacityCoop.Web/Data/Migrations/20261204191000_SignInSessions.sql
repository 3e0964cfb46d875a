-- Server-side staff sessions (ADR-013): the sign-in cookie names a row here, and is refused once the row is revoked
-- or past expires_at. Copied from 'script-model'; MigrationSchemaTests proves it equals the model.
CREATE TABLE sign_in_sessions (
    id uuid NOT NULL,
    user_id text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT pk_sign_in_sessions PRIMARY KEY (id),
    CONSTRAINT fk_sign_in_sessions_asp_net_users_user_id FOREIGN KEY (user_id) REFERENCES asp_net_users (id) ON DELETE CASCADE
);

CREATE INDEX ix_sign_in_sessions_user_id ON sign_in_sessions (user_id);
