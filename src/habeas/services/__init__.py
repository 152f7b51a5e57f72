"""habeas.services"""
