-- CreateEnum
CREATE TYPE "site" AS ENUM ('INTL', 'CHINA');

-- CreateEnum
CREATE TYPE "environment" AS ENUM ('PROD', 'STAGING', 'DEV', 'SANDBOX', 'SHARED');

-- CreateEnum
CREATE TYPE "account_status" AS ENUM ('PROVISIONING', 'ACTIVE', 'UNMANAGED', 'SUSPENDED', 'CLOSED');

-- CreateEnum
CREATE TYPE "data_classification" AS ENUM ('PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'RESTRICTED');

-- CreateEnum
CREATE TYPE "owner_role" AS ENUM ('PRIMARY', 'SECONDARY');

-- CreateTable
CREATE TABLE "organization" (
    "id" TEXT NOT NULL,
    "tencent_org_id" TEXT,
    "management_uin" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "site" "site" NOT NULL DEFAULT 'INTL',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "unit" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "parent_id" TEXT,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "tencent_node_id" INTEGER,
    "path" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "team" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" TEXT NOT NULL,
    "subject" TEXT,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "groups" TEXT[],
    "team_id" TEXT,
    "last_login_at" TIMESTAMP(3),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "unit_id" TEXT NOT NULL,
    "team_id" TEXT,
    "member_uin" TEXT,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "environment" "environment" NOT NULL,
    "status" "account_status" NOT NULL,
    "regions" TEXT[],
    "cost_center" TEXT,
    "data_classification" "data_classification" NOT NULL DEFAULT 'INTERNAL',
    "business_unit" TEXT,
    "last_activity_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account_owner" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "role" "owner_role" NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "account_owner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account_tag" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "account_tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "naming_convention" (
    "id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "template" TEXT NOT NULL,
    "description" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "naming_convention_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tag_policy" (
    "id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "description" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tag_policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tag_policy_rule" (
    "id" TEXT NOT NULL,
    "tag_policy_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "allowed_values" TEXT[],
    "environments" "environment"[],
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tag_policy_rule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "organization_tencent_org_id_key" ON "organization"("tencent_org_id");

-- CreateIndex
CREATE UNIQUE INDEX "organization_management_uin_key" ON "organization"("management_uin");

-- CreateIndex
CREATE INDEX "unit_organization_id_idx" ON "unit"("organization_id");

-- CreateIndex
CREATE INDEX "unit_parent_id_idx" ON "unit"("parent_id");

-- CreateIndex
CREATE INDEX "unit_path_idx" ON "unit"("path" text_pattern_ops);

-- CreateIndex
CREATE UNIQUE INDEX "unit_organization_id_tencent_node_id_key" ON "unit"("organization_id", "tencent_node_id");

-- CreateIndex
CREATE UNIQUE INDEX "unit_parent_id_name_key" ON "unit"("parent_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "team_slug_key" ON "team"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_subject_key" ON "app_user"("subject");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user"("email");

-- CreateIndex
CREATE INDEX "app_user_team_id_idx" ON "app_user"("team_id");

-- CreateIndex
CREATE INDEX "app_user_active_idx" ON "app_user"("active");

-- CreateIndex
CREATE UNIQUE INDEX "account_member_uin_key" ON "account"("member_uin");

-- CreateIndex
CREATE INDEX "account_unit_id_idx" ON "account"("unit_id");

-- CreateIndex
CREATE INDEX "account_team_id_idx" ON "account"("team_id");

-- CreateIndex
CREATE INDEX "account_environment_idx" ON "account"("environment");

-- CreateIndex
CREATE INDEX "account_status_idx" ON "account"("status");

-- CreateIndex
CREATE INDEX "account_regions_idx" ON "account" USING GIN ("regions");

-- CreateIndex
CREATE INDEX "account_last_activity_at_idx" ON "account"("last_activity_at");

-- CreateIndex
CREATE INDEX "account_created_at_idx" ON "account"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "account_organization_id_name_key" ON "account"("organization_id", "name");

-- CreateIndex
CREATE INDEX "account_owner_user_id_idx" ON "account_owner"("user_id");

-- CreateIndex
CREATE INDEX "account_owner_account_id_role_idx" ON "account_owner"("account_id", "role");

-- CreateIndex
CREATE UNIQUE INDEX "account_owner_account_id_user_id_key" ON "account_owner"("account_id", "user_id");

-- CreateIndex
CREATE INDEX "account_tag_key_value_idx" ON "account_tag"("key", "value");

-- CreateIndex
CREATE UNIQUE INDEX "account_tag_account_id_key_key" ON "account_tag"("account_id", "key");

-- CreateIndex
CREATE UNIQUE INDEX "naming_convention_version_key" ON "naming_convention"("version");

-- CreateIndex
CREATE INDEX "naming_convention_created_by_id_idx" ON "naming_convention"("created_by_id");

-- CreateIndex
CREATE UNIQUE INDEX "tag_policy_version_key" ON "tag_policy"("version");

-- CreateIndex
CREATE INDEX "tag_policy_created_by_id_idx" ON "tag_policy"("created_by_id");

-- CreateIndex
CREATE INDEX "tag_policy_rule_key_idx" ON "tag_policy_rule"("key");

-- CreateIndex
CREATE UNIQUE INDEX "tag_policy_rule_tag_policy_id_key_key" ON "tag_policy_rule"("tag_policy_id", "key");

-- AddForeignKey
ALTER TABLE "unit" ADD CONSTRAINT "unit_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "unit" ADD CONSTRAINT "unit_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_owner" ADD CONSTRAINT "account_owner_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_owner" ADD CONSTRAINT "account_owner_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_tag" ADD CONSTRAINT "account_tag_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "naming_convention" ADD CONSTRAINT "naming_convention_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tag_policy" ADD CONSTRAINT "tag_policy_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tag_policy_rule" ADD CONSTRAINT "tag_policy_rule_tag_policy_id_fkey" FOREIGN KEY ("tag_policy_id") REFERENCES "tag_policy"("id") ON DELETE CASCADE ON UPDATE CASCADE;
