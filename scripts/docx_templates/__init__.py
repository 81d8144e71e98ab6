"""One builder per Word template: ``<template stem>.py`` with ``build()``."""
