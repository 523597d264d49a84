using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Keystone.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Stakeholders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Attitude",
                table: "contacts",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BuyingRole",
                table: "contacts",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Influence",
                table: "contacts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RelationshipOwnerId",
                table: "contacts",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RelationshipStrength",
                table: "contacts",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_contacts_RelationshipOwnerId",
                table: "contacts",
                column: "RelationshipOwnerId");

            migrationBuilder.AddCheckConstraint(
                name: "CK_contacts_Influence",
                table: "contacts",
                sql: "\"Influence\" BETWEEN 1 AND 5");

            migrationBuilder.AddCheckConstraint(
                name: "CK_contacts_RelationshipStrength",
                table: "contacts",
                sql: "\"RelationshipStrength\" BETWEEN 1 AND 5");

            migrationBuilder.AddForeignKey(
                name: "FK_contacts_AspNetUsers_RelationshipOwnerId",
                table: "contacts",
                column: "RelationshipOwnerId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_contacts_AspNetUsers_RelationshipOwnerId",
                table: "contacts");

            migrationBuilder.DropIndex(
                name: "IX_contacts_RelationshipOwnerId",
                table: "contacts");

            migrationBuilder.DropCheckConstraint(
                name: "CK_contacts_Influence",
                table: "contacts");

            migrationBuilder.DropCheckConstraint(
                name: "CK_contacts_RelationshipStrength",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "Attitude",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "BuyingRole",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "Influence",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "RelationshipOwnerId",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "RelationshipStrength",
                table: "contacts");
        }
    }
}
