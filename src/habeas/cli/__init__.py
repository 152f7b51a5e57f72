"""habeas.cli"""
