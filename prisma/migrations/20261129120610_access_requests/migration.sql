-- CreateEnum
CREATE TYPE "access_request_status" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'EXPIRED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "access_grant_status" AS ENUM ('REQUESTED', 'SCHEDULED', 'ACTIVATING', 'ACTIVE', 'REMOVING', 'REMOVAL_FAILED', 'EXPIRED', 'REVOKED', 'FAILED', 'NOT_GRANTED');

-- CreateEnum
CREATE TYPE "break_glass_review_status" AS ENUM ('OPEN', 'CLOSED');

-- CreateTable
CREATE TABLE "access_request" (
    "id" TEXT NOT NULL,
    "number" SERIAL NOT NULL,
    "requester_id" TEXT NOT NULL,
    "role_id" TEXT NOT NULL,
    "role_version_id" TEXT NOT NULL,
    "status" "access_request_status" NOT NULL DEFAULT 'PENDING',
    "version" INTEGER NOT NULL DEFAULT 0,
    "duration_seconds" INTEGER NOT NULL,
    "start_at" TIMESTAMP(3),
    "justification" TEXT NOT NULL,
    "ticket_url" TEXT,
    "approvals_required" INTEGER NOT NULL,
    "reviewers" "CatalogReviewer"[],
    "security_required" BOOLEAN NOT NULL,
    "break_glass" BOOLEAN NOT NULL DEFAULT false,
    "review_deadline" TIMESTAMP(3),
    "decided_at" TIMESTAMP(3),
    "close_reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "access_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_approval" (
    "id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "approver_id" TEXT NOT NULL,
    "decision" "approval_decision" NOT NULL,
    "comment" TEXT,
    "as_security" BOOLEAN NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "access_approval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_grant" (
    "id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "status" "access_grant_status" NOT NULL DEFAULT 'REQUESTED',
    "version" INTEGER NOT NULL DEFAULT 0,
    "starts_at" TIMESTAMP(3),
    "activated_at" TIMESTAMP(3),
    "expires_at" TIMESTAMP(3),
    "ended_at" TIMESTAMP(3),
    "revoked_by_id" TEXT,
    "revoke_reason" TEXT,
    "cic_zone_id" TEXT,
    "role_configuration_id" TEXT,
    "cic_principal_id" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error_code" TEXT,
    "error_message" TEXT,
    "tencent_request_id" TEXT,
    "expiry_warned_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "access_grant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credential_issue" (
    "id" TEXT NOT NULL,
    "grant_id" TEXT NOT NULL,
    "issued_to_id" TEXT NOT NULL,
    "session_name" TEXT NOT NULL,
    "secret_id_fingerprint" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "credential_issue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "break_glass_review" (
    "id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "status" "break_glass_review_status" NOT NULL DEFAULT 'OPEN',
    "findings" TEXT,
    "closed_by_id" TEXT,
    "closed_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "break_glass_review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_reconciliation" (
    "id" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),
    "assignments_seen" INTEGER NOT NULL DEFAULT 0,
    "removed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "access_reconciliation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_reconciliation_finding" (
    "id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "target_uin" TEXT NOT NULL,
    "role_configuration_id" TEXT NOT NULL,
    "principal_id" TEXT NOT NULL,
    "principal_name" TEXT,
    "removed" BOOLEAN NOT NULL,
    "error_code" TEXT,
    "error_message" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "access_reconciliation_finding_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "access_request_number_key" ON "access_request"("number");

-- CreateIndex
CREATE INDEX "access_request_requester_id_status_idx" ON "access_request"("requester_id", "status");

-- CreateIndex
CREATE INDEX "access_request_status_review_deadline_idx" ON "access_request"("status", "review_deadline");

-- CreateIndex
CREATE INDEX "access_request_role_id_idx" ON "access_request"("role_id");

-- CreateIndex
CREATE INDEX "access_request_role_version_id_idx" ON "access_request"("role_version_id");

-- CreateIndex
CREATE INDEX "access_request_created_at_idx" ON "access_request"("created_at");

-- CreateIndex
CREATE INDEX "access_approval_approver_id_idx" ON "access_approval"("approver_id");

-- CreateIndex
CREATE UNIQUE INDEX "access_approval_request_id_approver_id_key" ON "access_approval"("request_id", "approver_id");

-- CreateIndex
CREATE INDEX "access_grant_account_id_status_idx" ON "access_grant"("account_id", "status");

-- CreateIndex
CREATE INDEX "access_grant_status_starts_at_idx" ON "access_grant"("status", "starts_at");

-- CreateIndex
CREATE INDEX "access_grant_status_expires_at_idx" ON "access_grant"("status", "expires_at");

-- CreateIndex
CREATE INDEX "access_grant_revoked_by_id_idx" ON "access_grant"("revoked_by_id");

-- CreateIndex
CREATE UNIQUE INDEX "access_grant_request_id_account_id_key" ON "access_grant"("request_id", "account_id");

-- CreateIndex
CREATE INDEX "credential_issue_grant_id_idx" ON "credential_issue"("grant_id");

-- CreateIndex
CREATE INDEX "credential_issue_issued_to_id_idx" ON "credential_issue"("issued_to_id");

-- CreateIndex
CREATE UNIQUE INDEX "break_glass_review_request_id_key" ON "break_glass_review"("request_id");

-- CreateIndex
CREATE INDEX "break_glass_review_status_idx" ON "break_glass_review"("status");

-- CreateIndex
CREATE INDEX "break_glass_review_closed_by_id_idx" ON "break_glass_review"("closed_by_id");

-- CreateIndex
CREATE INDEX "access_reconciliation_started_at_idx" ON "access_reconciliation"("started_at");

-- CreateIndex
CREATE INDEX "access_reconciliation_finding_run_id_idx" ON "access_reconciliation_finding"("run_id");

-- CreateIndex
CREATE INDEX "access_reconciliation_finding_target_uin_idx" ON "access_reconciliation_finding"("target_uin");

-- AddForeignKey
ALTER TABLE "access_request" ADD CONSTRAINT "access_request_requester_id_fkey" FOREIGN KEY ("requester_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_request" ADD CONSTRAINT "access_request_role_id_fkey" FOREIGN KEY ("role_id") REFERENCES "catalog_role"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_request" ADD CONSTRAINT "access_request_role_version_id_fkey" FOREIGN KEY ("role_version_id") REFERENCES "catalog_role_version"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_approval" ADD CONSTRAINT "access_approval_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "access_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_approval" ADD CONSTRAINT "access_approval_approver_id_fkey" FOREIGN KEY ("approver_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_grant" ADD CONSTRAINT "access_grant_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "access_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_grant" ADD CONSTRAINT "access_grant_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_grant" ADD CONSTRAINT "access_grant_revoked_by_id_fkey" FOREIGN KEY ("revoked_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credential_issue" ADD CONSTRAINT "credential_issue_grant_id_fkey" FOREIGN KEY ("grant_id") REFERENCES "access_grant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credential_issue" ADD CONSTRAINT "credential_issue_issued_to_id_fkey" FOREIGN KEY ("issued_to_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "break_glass_review" ADD CONSTRAINT "break_glass_review_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "access_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "break_glass_review" ADD CONSTRAINT "break_glass_review_closed_by_id_fkey" FOREIGN KEY ("closed_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_reconciliation_finding" ADD CONSTRAINT "access_reconciliation_finding_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "access_reconciliation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
