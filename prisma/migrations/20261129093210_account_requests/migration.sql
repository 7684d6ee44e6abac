-- CreateEnum
CREATE TYPE "account_request_status" AS ENUM ('DRAFT', 'PENDING', 'APPROVED', 'PROVISIONING', 'FAILED', 'COMPLETED', 'REJECTED', 'CANCELLED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "approval_stage" AS ENUM ('PLATFORM', 'SECURITY');

-- CreateEnum
CREATE TYPE "approval_decision" AS ENUM ('APPROVED', 'REJECTED');

-- CreateEnum
CREATE TYPE "provisioning_step_name" AS ENUM ('CREATE_MEMBER', 'WAIT_UNTIL_READY', 'MOVE_TO_UNIT', 'AUTHORIZE_IDENTITIES', 'ATTACH_BASELINE_POLICIES', 'OWNER_ACCESS', 'SECURITY_SWEEP', 'ACTIVATE');

-- CreateEnum
CREATE TYPE "provisioning_step_status" AS ENUM ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "approval_policy" (
    "id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "rules" JSONB NOT NULL,
    "decision_hours" INTEGER NOT NULL,
    "description" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "approval_policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account_request" (
    "id" TEXT NOT NULL,
    "number" SERIAL NOT NULL,
    "requester_id" TEXT NOT NULL,
    "status" "account_request_status" NOT NULL DEFAULT 'DRAFT',
    "version" INTEGER NOT NULL DEFAULT 0,
    "name" TEXT NOT NULL,
    "name_parts" JSONB NOT NULL,
    "unit_id" TEXT NOT NULL,
    "environment" "environment" NOT NULL,
    "regions" TEXT[],
    "team_id" TEXT,
    "cost_center" TEXT NOT NULL,
    "data_classification" "data_classification" NOT NULL,
    "justification" TEXT NOT NULL,
    "ticket_url" TEXT,
    "tags" JSONB NOT NULL,
    "naming_version" INTEGER,
    "tag_policy_version" INTEGER,
    "approval_version" INTEGER,
    "required_stages" "approval_stage"[],
    "submitted_at" TIMESTAMP(3),
    "expires_at" TIMESTAMP(3),
    "decided_at" TIMESTAMP(3),
    "closed_at" TIMESTAMP(3),
    "close_reason" TEXT,
    "creation_record_id" INTEGER,
    "member_uin" TEXT,
    "account_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "account_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account_request_owner" (
    "id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "role" "owner_role" NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "account_request_owner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account_request_approval" (
    "id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "stage" "approval_stage" NOT NULL,
    "approver_id" TEXT NOT NULL,
    "decision" "approval_decision" NOT NULL,
    "comment" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "account_request_approval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "provisioning_step" (
    "id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "step" "provisioning_step_name" NOT NULL,
    "status" "provisioning_step_status" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "error_code" TEXT,
    "error_message" TEXT,
    "tencent_request_id" TEXT,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "provisioning_step_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "approval_policy_version_key" ON "approval_policy"("version");

-- CreateIndex
CREATE INDEX "approval_policy_created_by_id_idx" ON "approval_policy"("created_by_id");

-- CreateIndex
CREATE UNIQUE INDEX "account_request_number_key" ON "account_request"("number");

-- CreateIndex
CREATE UNIQUE INDEX "account_request_account_id_key" ON "account_request"("account_id");

-- CreateIndex
CREATE INDEX "account_request_requester_id_status_idx" ON "account_request"("requester_id", "status");

-- CreateIndex
CREATE INDEX "account_request_status_expires_at_idx" ON "account_request"("status", "expires_at");

-- CreateIndex
CREATE INDEX "account_request_unit_id_idx" ON "account_request"("unit_id");

-- CreateIndex
CREATE INDEX "account_request_team_id_idx" ON "account_request"("team_id");

-- CreateIndex
CREATE INDEX "account_request_name_idx" ON "account_request"("name");

-- CreateIndex
CREATE INDEX "account_request_submitted_at_idx" ON "account_request"("submitted_at");

-- CreateIndex
CREATE INDEX "account_request_owner_user_id_idx" ON "account_request_owner"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "account_request_owner_request_id_user_id_key" ON "account_request_owner"("request_id", "user_id");

-- CreateIndex
CREATE INDEX "account_request_approval_approver_id_idx" ON "account_request_approval"("approver_id");

-- CreateIndex
CREATE UNIQUE INDEX "account_request_approval_request_id_stage_key" ON "account_request_approval"("request_id", "stage");

-- CreateIndex
CREATE UNIQUE INDEX "account_request_approval_request_id_approver_id_key" ON "account_request_approval"("request_id", "approver_id");

-- CreateIndex
CREATE UNIQUE INDEX "provisioning_step_request_id_step_key" ON "provisioning_step"("request_id", "step");

-- AddForeignKey
ALTER TABLE "approval_policy" ADD CONSTRAINT "approval_policy_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_request" ADD CONSTRAINT "account_request_requester_id_fkey" FOREIGN KEY ("requester_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_request" ADD CONSTRAINT "account_request_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_request" ADD CONSTRAINT "account_request_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_request" ADD CONSTRAINT "account_request_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_request_owner" ADD CONSTRAINT "account_request_owner_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "account_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_request_owner" ADD CONSTRAINT "account_request_owner_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_request_approval" ADD CONSTRAINT "account_request_approval_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "account_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_request_approval" ADD CONSTRAINT "account_request_approval_approver_id_fkey" FOREIGN KEY ("approver_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "provisioning_step" ADD CONSTRAINT "provisioning_step_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "account_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A name is reserved by every live request, so two requests cannot race for the same account name. Drafts do not
-- reserve (anyone may sketch), and closed requests release the name.
CREATE UNIQUE INDEX "account_request_live_name_key" ON "account_request"("name")
  WHERE "status" IN ('PENDING', 'APPROVED', 'PROVISIONING', 'FAILED');

-- Version 1 of the approval policy: one platform approver for everything; production, confidential and
-- restricted data also need a security reviewer. Admins publish new versions in the portal.
INSERT INTO "approval_policy" ("id", "version", "rules", "decision_hours", "description", "updated_at")
VALUES (
  'approval_policy_v1', 1,
  '[{"environments":[],"classifications":[],"stages":["PLATFORM"]},
    {"environments":["PROD"],"classifications":[],"stages":["PLATFORM","SECURITY"]},
    {"environments":[],"classifications":["CONFIDENTIAL","RESTRICTED"],"stages":["PLATFORM","SECURITY"]}]',
  72, 'Initial policy', CURRENT_TIMESTAMP
);
