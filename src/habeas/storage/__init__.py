"""habeas.storage"""
