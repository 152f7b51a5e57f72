"""habeas.demo"""
