-- CreateEnum
CREATE TYPE "inventory_run_status" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "inventory_run_trigger" AS ENUM ('SCHEDULE', 'MANUAL');

-- CreateEnum
CREATE TYPE "inventory_account_status" AS ENUM ('PENDING', 'DONE', 'FAILED');

-- CreateEnum
CREATE TYPE "violation_kind" AS ENUM ('MISSING_KEY', 'VALUE_NOT_ALLOWED', 'FLAGGED_BY_TENCENT');

-- AlterTable
ALTER TABLE "account" ADD COLUMN     "inventory_synced_at" TIMESTAMP(3),
ADD COLUMN     "ownership_confirmed_at" TIMESTAMP(3),
ADD COLUMN     "ownership_confirmed_by_id" TEXT;

-- CreateTable
CREATE TABLE "inventory_run" (
    "id" TEXT NOT NULL,
    "status" "inventory_run_status" NOT NULL DEFAULT 'RUNNING',
    "trigger" "inventory_run_trigger" NOT NULL,
    "requested_by_id" TEXT,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),
    "accounts_total" INTEGER NOT NULL DEFAULT 0,
    "accounts_done" INTEGER NOT NULL DEFAULT 0,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "throttled" INTEGER NOT NULL DEFAULT 0,
    "items" INTEGER NOT NULL DEFAULT 0,
    "resources_added" INTEGER NOT NULL DEFAULT 0,
    "resources_gone" INTEGER NOT NULL DEFAULT 0,
    "failure" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "inventory_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory_run_account" (
    "run_id" TEXT NOT NULL,
    "member_uin" TEXT NOT NULL,
    "status" "inventory_account_status" NOT NULL DEFAULT 'PENDING',
    "resources" INTEGER NOT NULL DEFAULT 0,
    "failure" TEXT,
    "finished_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "inventory_run_account_pkey" PRIMARY KEY ("run_id","member_uin")
);

-- CreateTable
CREATE TABLE "inventory_staged_member" (
    "run_id" TEXT NOT NULL,
    "member_uin" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tencent_node_id" INTEGER NOT NULL,
    "tags" JSONB NOT NULL DEFAULT '{}',
    "last_activity_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "inventory_staged_member_pkey" PRIMARY KEY ("run_id","member_uin")
);

-- CreateTable
CREATE TABLE "inventory_staged_resource" (
    "run_id" TEXT NOT NULL,
    "resource_name" TEXT NOT NULL,
    "member_uin" TEXT NOT NULL,
    "tags" JSONB NOT NULL DEFAULT '{}',
    "flagged_by_tencent" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "inventory_staged_resource_pkey" PRIMARY KEY ("run_id","resource_name")
);

-- CreateTable
CREATE TABLE "resource" (
    "id" SERIAL NOT NULL,
    "account_id" TEXT NOT NULL,
    "resource_name" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "resource_type" TEXT NOT NULL,
    "resource_id" TEXT NOT NULL,
    "tags" JSONB NOT NULL DEFAULT '{}',
    "flagged_by_tencent" BOOLEAN NOT NULL DEFAULT false,
    "violation_count" INTEGER NOT NULL DEFAULT 0,
    "first_seen_at" TIMESTAMP(3) NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL,
    "gone_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "resource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "resource_violation" (
    "id" SERIAL NOT NULL,
    "resource_id" INTEGER NOT NULL,
    "account_id" TEXT NOT NULL,
    "kind" "violation_kind" NOT NULL,
    "key" TEXT,
    "value" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "resource_violation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tag_compliance_rollup" (
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "resource_type" TEXT NOT NULL,
    "resources" INTEGER NOT NULL,
    "compliant" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tag_compliance_rollup_pkey" PRIMARY KEY ("account_id","region","resource_type")
);

-- CreateTable
CREATE TABLE "tag_key_compliance_rollup" (
    "account_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "applicable" INTEGER NOT NULL,
    "missing" INTEGER NOT NULL,
    "value_not_allowed" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tag_key_compliance_rollup_pkey" PRIMARY KEY ("account_id","key")
);

-- CreateTable
CREATE TABLE "tag_compliance_snapshot" (
    "day" DATE NOT NULL,
    "environment" "environment" NOT NULL,
    "resources" INTEGER NOT NULL,
    "compliant" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tag_compliance_snapshot_pkey" PRIMARY KEY ("day","environment")
);

-- CreateIndex
CREATE INDEX "inventory_run_status_idx" ON "inventory_run"("status");

-- CreateIndex
CREATE INDEX "inventory_run_started_at_idx" ON "inventory_run"("started_at");

-- CreateIndex
CREATE INDEX "inventory_run_requested_by_id_idx" ON "inventory_run"("requested_by_id");

-- CreateIndex
CREATE INDEX "inventory_run_account_run_id_status_idx" ON "inventory_run_account"("run_id", "status");

-- CreateIndex
CREATE INDEX "inventory_staged_resource_run_id_member_uin_idx" ON "inventory_staged_resource"("run_id", "member_uin");

-- CreateIndex
CREATE UNIQUE INDEX "resource_resource_name_key" ON "resource"("resource_name");

-- CreateIndex
CREATE INDEX "resource_account_id_gone_at_idx" ON "resource"("account_id", "gone_at");

-- CreateIndex
CREATE INDEX "resource_gone_at_idx" ON "resource"("gone_at");

-- CreateIndex
CREATE INDEX "resource_resource_type_idx" ON "resource"("resource_type");

-- CreateIndex
CREATE INDEX "resource_region_idx" ON "resource"("region");

-- CreateIndex
CREATE INDEX "resource_violation_resource_id_idx" ON "resource_violation"("resource_id");

-- CreateIndex
CREATE INDEX "resource_violation_account_id_id_idx" ON "resource_violation"("account_id", "id");

-- CreateIndex
CREATE INDEX "resource_violation_key_id_idx" ON "resource_violation"("key", "id");

-- CreateIndex
CREATE INDEX "resource_violation_kind_id_idx" ON "resource_violation"("kind", "id");

-- CreateIndex
CREATE INDEX "tag_compliance_rollup_region_idx" ON "tag_compliance_rollup"("region");

-- CreateIndex
CREATE INDEX "tag_compliance_rollup_resource_type_idx" ON "tag_compliance_rollup"("resource_type");

-- CreateIndex
CREATE INDEX "tag_key_compliance_rollup_key_idx" ON "tag_key_compliance_rollup"("key");

-- CreateIndex
CREATE INDEX "account_ownership_confirmed_at_idx" ON "account"("ownership_confirmed_at");

-- CreateIndex
CREATE INDEX "account_ownership_confirmed_by_id_idx" ON "account"("ownership_confirmed_by_id");

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_ownership_confirmed_by_id_fkey" FOREIGN KEY ("ownership_confirmed_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_run" ADD CONSTRAINT "inventory_run_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_run_account" ADD CONSTRAINT "inventory_run_account_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "inventory_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_staged_member" ADD CONSTRAINT "inventory_staged_member_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "inventory_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_staged_resource" ADD CONSTRAINT "inventory_staged_resource_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "inventory_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resource" ADD CONSTRAINT "resource_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resource_violation" ADD CONSTRAINT "resource_violation_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tag_compliance_rollup" ADD CONSTRAINT "tag_compliance_rollup_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tag_key_compliance_rollup" ADD CONSTRAINT "tag_key_compliance_rollup_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- At most one inventory run at a time: a second "sync now" or a scheduled run joins the running one instead.
CREATE UNIQUE INDEX "inventory_run_one_running" ON "inventory_run" ((true)) WHERE "status" = 'RUNNING';
