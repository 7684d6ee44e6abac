-- Trigram search over the audit history's free text.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "audit_actor_type" AS ENUM ('USER', 'SYSTEM', 'API_TOKEN', 'TENCENT');

-- CreateEnum
CREATE TYPE "audit_source" AS ENUM ('PORTAL', 'CLOUDAUDIT');

-- CreateTable
CREATE TABLE "audit_event" (
    "seq" BIGINT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "source" "audit_source" NOT NULL DEFAULT 'PORTAL',
    "actor_type" "audit_actor_type" NOT NULL,
    "actor_id" TEXT,
    "actor_label" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT,
    "account_id" TEXT,
    "account_uin" TEXT,
    "unit_id" TEXT,
    "request_ref" TEXT,
    "grant_ref" TEXT,
    "tencent_request_ids" TEXT[],
    "client_ip" TEXT,
    "user_agent" TEXT,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "external_id" TEXT,
    "search_text" TEXT NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "audit_checkpoint" (
    "id" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "signed_at" TIMESTAMPTZ(3) NOT NULL,
    "signature" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_checkpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_external_id_key" ON "audit_event"("external_id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_hash_key" ON "audit_event"("hash");

-- CreateIndex
CREATE INDEX "audit_event_occurred_at_idx" ON "audit_event"("occurred_at");

-- CreateIndex
CREATE INDEX "audit_event_actor_id_seq_idx" ON "audit_event"("actor_id", "seq");

-- CreateIndex
CREATE INDEX "audit_event_action_seq_idx" ON "audit_event"("action", "seq");

-- CreateIndex
CREATE INDEX "audit_event_account_id_seq_idx" ON "audit_event"("account_id", "seq");

-- CreateIndex
CREATE INDEX "audit_event_account_uin_seq_idx" ON "audit_event"("account_uin", "seq");

-- CreateIndex
CREATE INDEX "audit_event_unit_id_seq_idx" ON "audit_event"("unit_id", "seq");

-- CreateIndex
CREATE INDEX "audit_event_target_type_target_id_idx" ON "audit_event"("target_type", "target_id");

-- CreateIndex
CREATE INDEX "audit_event_request_ref_idx" ON "audit_event"("request_ref");

-- CreateIndex
CREATE INDEX "audit_event_grant_ref_idx" ON "audit_event"("grant_ref");

-- CreateIndex
CREATE INDEX "audit_event_search_text_idx" ON "audit_event" USING GIN ("search_text" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "audit_checkpoint_seq_key" ON "audit_checkpoint"("seq");

-- CreateIndex
CREATE INDEX "audit_checkpoint_signed_at_idx" ON "audit_checkpoint"("signed_at");

-- The unit path is matched with LIKE '%/id/%', which no btree operator class helps; a plain index serves ordering.
DROP INDEX "unit_path_idx";
CREATE INDEX "unit_path_idx" ON "unit"("path");

-- The audit history is append-only: the database itself refuses to change or remove what was written.
CREATE FUNCTION audit_event_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_event_no_update_or_delete
  BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();

CREATE TRIGGER audit_event_no_truncate
  BEFORE TRUNCATE ON "audit_event"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();

-- Checkpoints are evidence too.
CREATE TRIGGER audit_checkpoint_no_update_or_delete
  BEFORE UPDATE OR DELETE ON "audit_checkpoint"
  FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();

CREATE TRIGGER audit_checkpoint_no_truncate
  BEFORE TRUNCATE ON "audit_checkpoint"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
