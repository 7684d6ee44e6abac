-- DropIndex
DROP INDEX "audit_event_account_id_seq_idx";

-- DropIndex
DROP INDEX "audit_event_account_uin_seq_idx";

-- DropIndex
DROP INDEX "audit_event_action_seq_idx";

-- DropIndex
DROP INDEX "audit_event_actor_id_seq_idx";

-- DropIndex
DROP INDEX "audit_event_occurred_at_idx";

-- DropIndex
DROP INDEX "audit_event_unit_id_seq_idx";

-- CreateIndex
CREATE INDEX "audit_event_occurred_at_seq_idx" ON "audit_event"("occurred_at", "seq");

-- CreateIndex
CREATE INDEX "audit_event_actor_id_occurred_at_seq_idx" ON "audit_event"("actor_id", "occurred_at", "seq");

-- CreateIndex
CREATE INDEX "audit_event_action_occurred_at_seq_idx" ON "audit_event"("action", "occurred_at", "seq");

-- CreateIndex
CREATE INDEX "audit_event_account_id_occurred_at_seq_idx" ON "audit_event"("account_id", "occurred_at", "seq");

-- CreateIndex
CREATE INDEX "audit_event_account_uin_occurred_at_seq_idx" ON "audit_event"("account_uin", "occurred_at", "seq");

-- CreateIndex
CREATE INDEX "audit_event_unit_id_occurred_at_seq_idx" ON "audit_event"("unit_id", "occurred_at", "seq");
