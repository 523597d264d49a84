using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Keystone.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ProductCatalogue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "CreatedById",
                table: "products",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "UpdatedAt",
                table: "products",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<Guid>(
                name: "UpdatedById",
                table: "products",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "products",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Products from before the catalogue had a history: they start at version 1, last changed when created.
            migrationBuilder.Sql("UPDATE products SET \"UpdatedAt\" = \"CreatedAt\", \"Version\" = 1;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CreatedById",
                table: "products");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "products");

            migrationBuilder.DropColumn(
                name: "UpdatedById",
                table: "products");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "products");
        }
    }
}
